import BlobFormat
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

@Suite struct RefFilesWhileCommittingTests {
    /// The ref files are written while SQLite commits; when the commit
    /// fails, they are put back as the database has them.
    @Test func aCommitThatFailsPutsTheRefFilesBack() throws {
        let store = try makeRefStore()
        try store.update(RefUpdate(ref: RefName.head, expected: .absent, new: hash("c1"), events: [], message: "one"))
        // A foreign key checked at COMMIT, broken by every ref-log line.
        try store.database.executeScript("""
            PRAGMA foreign_keys = ON;
            CREATE TEMP TABLE parent_row (id INTEGER PRIMARY KEY);
            CREATE TEMP TABLE child_row (parent INTEGER REFERENCES parent_row(id) DEFERRABLE INITIALLY DEFERRED);
            CREATE TEMP TRIGGER break_at_commit AFTER INSERT ON main.ref_log BEGIN INSERT INTO child_row VALUES (42); END;
            """)
        #expect(throws: RefStoreError.self) {
            try store.update(RefUpdate(ref: RefName.head, expected: .at(hash("c1")), new: hash("c2"), events: [], message: "two"))
        }
        #expect(try store.resolve(RefName.head) == hash("c1"))
        let file = try String(contentsOfFile: store.gitDirectory + "/refs/heads/main", encoding: .utf8)
        #expect(file == hash("c1").hex + "\n")
        #expect(try store.gitRefMismatches().isEmpty)
    }

    /// A ref file that cannot be written is reported after the ref moved.
    @Test func aRefFileThatCannotBeWrittenIsReported() throws {
        let store = try makeRefStore()
        try FileManager.default.createDirectory(atPath: store.gitDirectory + "/refs/heads/main/blocked",
                                                withIntermediateDirectories: true)
        #expect(throws: RefStoreError.self) {
            try store.update(RefUpdate(ref: RefName.head, expected: .absent, new: hash("c1"), events: [], message: "one"))
        }
        #expect(try store.resolve(RefName.head) == hash("c1"))
    }
}
