import CFileControl
import Foundation
@testable import RefStore
import TestScratch
import Testing

@Suite struct GitRefFileTests {
    /// A ref file is written with its disk space reserved first (so that
    /// renaming it over the old one does not flush it); the reservation
    /// must not grow the file.
    @Test func reservingSpaceLeavesTheFileAsWritten() throws {
        let folder = Scratch.path("reserve")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/file"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        let result = blobrepo_reserve_space(fd, 4096)
        #expect(result == 0 || errno == EOPNOTSUPP)
        var info = stat()
        #expect(fstat(fd, &info) == 0)
        #expect(info.st_size == 0)
    }

    /// Each update replaces the ref file, which holds exactly its one line.
    @Test func aReplacedRefFileHoldsItsLineAlone() throws {
        let store = try makeRefStore()
        let path = store.gitDirectory + "/refs/heads/main"
        for (expected, new) in [(RefExpectation.absent, "c1"), (.at(hash("c1")), "c2"), (.at(hash("c2")), "c3")] {
            try store.update(RefUpdate(ref: RefName.head, expected: expected, new: hash(new), events: [], message: new))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes == Data((hash(new).hex + "\n").utf8))
        }
        #expect(!FileManager.default.fileExists(atPath: path + ".lock"))
    }
}
