import BlobFormat
import Foundation

/// Who makes commits: from `BLOBREPO_AUTHOR_NAME` and `BLOBREPO_AUTHOR_EMAIL`,
/// else git's `GIT_AUTHOR_NAME` and `GIT_AUTHOR_EMAIL`, else `user.name` and
/// `user.email` in the repository config, else the login name.
enum Identity {
    static func signature(config: GitConfig, now: Date = Date()) -> Signature {
        let environment = ProcessInfo.processInfo.environment
        let user = environment["USER"] ?? "blobrepo"
        let name = environment["BLOBREPO_AUTHOR_NAME"] ?? environment["GIT_AUTHOR_NAME"] ?? config["user.name"] ?? user
        let email = environment["BLOBREPO_AUTHOR_EMAIL"] ?? environment["GIT_AUTHOR_EMAIL"] ?? config["user.email"]
            ?? "\(user)@\(ProcessInfo.processInfo.hostName)"
        return Signature(
            name: clean(name, removing: "<>\n"), email: clean(email, removing: "<>\n"),
            time: Int64(now.timeIntervalSince1970),
            timezoneMinutes: TimeZone.current.secondsFromGMT(for: now) / 60)
    }

    private static func clean(_ text: String, removing characters: String) -> String {
        String(text.filter { !characters.contains($0) })
    }
}
