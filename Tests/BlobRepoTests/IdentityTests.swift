@testable import BlobRepo
import Foundation
import TestScratch
import Testing

@Suite struct IdentityTests {
    @Test(arguments: [0, 1_700_000_000, 1_720_000_000, 1_790_000_000] as [Int64])
    func theTimeZoneOffsetIsTheSystemsOwn(_ time: Int64) {
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        #expect(Identity.offsetFromUTC(at: time) == TimeZone.current.secondsFromGMT(for: date))
    }

    @Test func aSignatureWithoutAConfiguredEmailNamesTheUserAtThisMachine() throws {
        let folder = URL(fileURLWithPath: Scratch.path("identity"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("config").path
        try Data("[core]\n\trepositoryformatversion = 1\n".utf8).write(to: URL(fileURLWithPath: path))
        let environment = ProcessInfo.processInfo.environment
        guard environment["BLOBREPO_AUTHOR_EMAIL"] == nil, environment["GIT_AUTHOR_EMAIL"] == nil else { return }
        let signature = Identity.signature(config: GitConfig(path: path), now: Date(timeIntervalSince1970: 1_700_000_000))
        var host = [UInt8](repeating: 0, count: 256)
        gethostname(&host, 255)
        let name = String(decoding: host.prefix { $0 != 0 }, as: UTF8.self)
        #expect(signature.email == (environment["USER"] ?? "blobrepo") + "@" + name)
        #expect(signature.time == 1_700_000_000)
    }
}
