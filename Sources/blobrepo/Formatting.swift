import BlobFormat
import BlobRepo
import FoundationEssentials

/// Text and JSON renderings shared by the commands.
enum Formatting {
    /// A duration in milliseconds, one decimal: `12.5 ms`.
    static func milliseconds(_ duration: Duration) -> String {
        cFormatted("%.1f ms", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }

    /// A date as git prints it by default: `Mon Nov 23 07:35:42 2026 +0000`.
    static func gitDate(seconds: Int64, timezoneMinutes: Int) -> String {
        let local = seconds + Int64(timezoneMinutes) * 60
        let (days, inDay) = (local.quotientAndRemainder(dividingBy: 86_400).quotient - (local % 86_400 < 0 ? 1 : 0),
                             (local % 86_400 + 86_400) % 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday.
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int((days % 7 + 7) % 7)]
        let monthName = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Int(month) - 1]
        let pad = { (value: Int64) in String(value).leftPadded(2, with: "0") }
        let offset = abs(timezoneMinutes)
        let zone = (timezoneMinutes < 0 ? "-" : "+") + pad(Int64(offset / 60)) + pad(Int64(offset % 60))
        return "\(weekday) \(monthName) \(day) \(pad(inDay / 3600)):\(pad(inDay / 60 % 60)):\(pad(inDay % 60)) \(year) \(zone)"
    }

    /// An event time in UTC with milliseconds: `2026-11-23 07:35:42.123Z`.
    static func eventTime(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, dayMilliseconds) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (year, month, day) = civilDate(daysSinceEpoch: days - (dayMilliseconds < 0 ? 1 : 0))
        let inDay = (dayMilliseconds + 86_400_000) % 86_400_000
        let pad = { (value: Int64, width: Int) in String(value).leftPadded(width, with: "0") }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(inDay / 3_600_000, 2)):"
            + "\(pad(inDay / 60_000 % 60, 2)):\(pad(inDay / 1000 % 60, 2)).\(pad(inDay % 1000, 3))Z"
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01
    /// (Howard Hinnant's days-to-civil algorithm).
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func short(_ hash: FunctionHash?) -> String {
        hash?.abbreviated(12) ?? "(none)"
    }

    /// One line per changed name: `A`, `M` or `D`, the name, old → new.
    static func changes(_ changes: [SnapshotDiff.Change]) -> [String] {
        let width = changes.map(\.name.count).max() ?? 0
        return changes.map { change in
            let letter = switch change.kind { case .added: "A" case .removed: "D" case .changed: "M" }
            let name = change.name.rightPadded(width)
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
        if bytes < 1024 * 1024 { return cFormatted("%.1f KiB", Double(bytes) / 1024) }
        return cFormatted("%.1f MiB", Double(bytes) / 1048576)
    }
}

extension String {
    /// The text right-aligned in `width` characters.
    func leftPadded(_ width: Int, with pad: Character = " ") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }

    /// Exactly `width` characters: spaces added on the right, or cut.
    func rightPadded(_ width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }
}
