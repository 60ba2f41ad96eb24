#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat
import FoundationEssentials

/// Who makes commits: from `BLOBREPO_AUTHOR_NAME` and `BLOBREPO_AUTHOR_EMAIL`,
/// else git's `GIT_AUTHOR_NAME` and `GIT_AUTHOR_EMAIL`, else `user.name` and
/// `user.email` in the repository config, else the login name.
enum Identity {
    static func signature(config: GitConfig, now: Date = Date()) -> Signature {
        let environment = { (name: String) in getenv(name).map { String(cString: $0) } }
        let user = environment("USER") ?? "blobrepo"
        let name = environment("BLOBREPO_AUTHOR_NAME") ?? environment("GIT_AUTHOR_NAME") ?? config["user.name"] ?? user
        let email = environment("BLOBREPO_AUTHOR_EMAIL") ?? environment("GIT_AUTHOR_EMAIL") ?? config["user.email"]
            ?? "\(user)@\(hostName())"
        let time = Int64(now.timeIntervalSince1970)
        return Signature(
            name: clean(name, removing: "<>\n"), email: clean(email, removing: "<>\n"),
            time: time, timezoneMinutes: offsetFromUTC(at: time) / 60)
    }

    /// The machine's name as the system knows it (no name-service lookup).
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Seconds east of UTC of the local time zone at `time` (from the C
    /// library's `localtime_r`, as git reads it).
    static func offsetFromUTC(at time: Int64) -> Int {
        var seconds = time_t(time)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }

    private static func clean(_ text: String, removing characters: String) -> String {
        String(text.filter { !characters.contains($0) })
    }
}
