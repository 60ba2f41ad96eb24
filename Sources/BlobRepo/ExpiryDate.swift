import FoundationEssentials

/// The moments that gc options and config name, in the forms git accepts
/// for `--prune` and `gc.reflogExpire`: `now`, `never`, `all`,
/// `2.weeks.ago`, `90 days`, `3.hours.ago`, an ISO date (`2026-01-31`) or
/// date and time (`2026-01-31T12:00:00Z`), or `@SECONDS`.
public enum ExpiryDate {
    /// The cut-off that `text` names, counted back from `now`. `never`
    /// gives the distant past (nothing is old enough); `now` and `all` give
    /// `now` (everything is).
    public static func parse(_ text: String, now: Date = Date()) -> Date? {
        let value = text.trimming(\.isWhitespace).lowercased()
        switch value {
        case "now", "all": return now
        case "never", "false": return .distantPast
        default: break
        }
        if value.hasPrefix("@"), let seconds = Double(value.dropFirst()) {
            return Date(timeIntervalSince1970: seconds)
        }
        var words = value.split(whereSeparator: { $0 == "." || $0 == " " }).map(String.init)
        if words.last == "ago" { words.removeLast() }
        if words.count == 2, let count = Double(words[0]), let unit = seconds(per: words[1]) {
            return now.addingTimeInterval(-count * unit)
        }
        if let date = try? Date.ISO8601FormatStyle().parse(text.trimming(\.isWhitespace)) { return date }
        return try? Date.ISO8601FormatStyle().year().month().day().parse(value)
    }

    private static func seconds(per unit: String) -> Double? {
        let singular = unit.hasSuffix("s") ? String(unit.dropLast()) : unit
        switch singular {
        case "second", "sec": return 1
        case "minute", "min": return 60
        case "hour": return 3600
        case "day": return 86_400
        case "week": return 7 * 86_400
        case "month": return 30 * 86_400
        case "year": return 365 * 86_400
        default: return nil
        }
    }
}
