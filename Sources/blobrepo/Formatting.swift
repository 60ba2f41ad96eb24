import BlobFormat
import BlobRepo
import Foundation

/// Text and JSON renderings shared by the commands.
enum Formatting {
    /// A date as git prints it by default: `Mon Nov 23 07:35:42 2026 +0000`.
    static func gitDate(seconds: Int64, timezoneMinutes: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: timezoneMinutes * 60)
        formatter.dateFormat = "EEE MMM d HH:mm:ss yyyy Z"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// An event time in UTC with milliseconds: `2026-11-23 07:35:42.123Z`.
    static func eventTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS'Z'"
        return formatter.string(from: date)
    }

    static func short(_ hash: FunctionHash?) -> String {
        hash?.abbreviated(12) ?? "(none)"
    }

    /// One line per changed name: `A`, `M` or `D`, the name, old → new.
    static func changes(_ changes: [SnapshotDiff.Change]) -> [String] {
        let width = changes.map(\.name.count).max() ?? 0
        return changes.map { change in
            let letter = switch change.kind { case .added: "A" case .removed: "D" case .changed: "M" }
            let name = change.name.padding(toLength: width, withPad: " ", startingAt: 0)
            return "\(letter)  \(name)  \(short(change.old)) -> \(short(change.new))"
        }
    }

    /// Pretty-printed JSON with sorted keys.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func byteCount(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / 1048576)
    }
}
