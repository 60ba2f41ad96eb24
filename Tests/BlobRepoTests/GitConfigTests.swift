@testable import BlobRepo
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
}
