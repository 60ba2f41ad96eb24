@testable import BlobRepo
import Foundation
import Testing

/// The source directory is listed first and its files stat'ed afterwards
/// (on a thread of their own, or by the caller).
@Suite struct SourceListingTests {
    /// Every listed file gets its stat data, in path order, whether the
    /// thread or the caller stat'ed it.
    @Test(arguments: [false, true]) func listedFilesGetTheirStatData(inBackground: Bool) throws {
        let root = Samples.temporaryDirectory()
        for index in 0..<40 { try Samples.write("x = \(index)\n", to: root + "/m\(index % 3)/f\(index).lua") }
        let listing = try SourceTree.Listing(root: root)
        if inBackground { listing.statInBackground() }
        let tree = listing.statted()
        #expect(tree.files.count == 40)
        #expect(tree.files == tree.files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        for (file, status) in zip(tree.files, tree.statuses) {
            var info = stat()
            #expect(stat(root + "/" + file, &info) == 0)
            #expect(status?.size == Int64(info.st_size))
            #expect(status?.inode == Int64(info.st_ino))
        }
    }

    /// A file removed between the listing and its stat is left out, as if
    /// it had not been there.
    @Test func aFileGoneBeforeItsStatIsLeftOut() throws {
        let root = Samples.temporaryDirectory()
        try Samples.write("a = 1\n", to: root + "/a.lua")
        try Samples.write("b = 1\n", to: root + "/b.lua")
        let listing = try SourceTree.Listing(root: root)
        #expect(listing.files == ["a.lua", "b.lua"])
        try FileManager.default.removeItem(atPath: root + "/b.lua")
        let tree = listing.statted()
        #expect(tree.files == ["a.lua"])
        #expect(tree.statuses.count == 1 && tree.statuses[0] != nil)
    }

    /// A source directory that cannot be read is reported where it is used.
    @Test func aMissingSourceDirectoryIsReportedWhenUsed() throws {
        let repo = try Samples.repository()
        let source = SourceDirectory(Samples.temporaryDirectory() + "/absent")
        #expect(throws: RepositoryError.self) { try repo.commit(source, message: "nothing") }
        #expect(throws: RepositoryError.self) { try repo.status(source) }
    }
}
