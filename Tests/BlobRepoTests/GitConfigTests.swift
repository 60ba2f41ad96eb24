@testable import BlobRepo
import Foundation
import Testing

@Suite struct GitConfigTests {
    @Test func sectionsKeysAndValuesReadAsGitReadsThem() {
        let config = GitConfig(text: "# a comment\n[Core]\n\tbare = true ; trailing\r\n  FileMode=false\n[ user ]\n\tname =  Ada Lovelace \n\temail\t=\tada@example.org\n\tflag\n\n")
        #expect(config["core.bare"] == "true")
        #expect(config["core.filemode"] == "false")
        #expect(config["user.name"] == "Ada Lovelace")
        #expect(config["USER.Email"] == "ada@example.org")
        #expect(config["user.flag"] == "true")
        #expect(config["user.missing"] == nil)
    }

    @Test func theInitialConfigNamesASHA256BareRepository() {
        let config = GitConfig(text: GitConfig.initialContent)
        #expect(config["core.repositoryformatversion"] == "1")
        #expect(config["extensions.objectformat"] == "sha256")
        #expect(config["gc.pruneexpire"] == "2.weeks.ago")
    }

    /// A file is read as its text: a last line without a newline counts, a
    /// value keeps its UTF-8, and a missing file is an empty config.
    @Test func aFileIsReadAndAMissingOneIsEmpty() throws {
        let folder = NSTemporaryDirectory() + "gitconfig-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("[user]\n\tname = Zoë Ångström\n[gc]\n\tpruneExpire=now".utf8).write(to: URL(fileURLWithPath: folder + "/config"))
        let config = GitConfig(path: folder + "/config")
        #expect(config["user.name"] == "Zoë Ångström")
        #expect(config["gc.pruneexpire"] == "now")
        let missing = GitConfig(path: folder + "/absent")
        #expect(missing["user.name"] == nil)
    }
}
