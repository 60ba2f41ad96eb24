import FoundationEssentials
import ObjectStore

/// The repository's `config` file, in git's format: `[section]` headers and
/// `key = value` lines. Keys are matched as git matches them, without case.
public struct GitConfig: Sendable {
    /// What `init` writes: a bare repository in the SHA-256 object format.
    static let initialContent = """
        [core]
        \trepositoryformatversion = 1
        \tfilemode = true
        \tbare = true
        [extensions]
        \tobjectformat = sha256
        [gc]
        \treflogExpire = 90.days.ago
        \tpruneExpire = 2.weeks.ago

        """

    private var values: [String: String] = [:]

    /// Reads `path`; a missing file is an empty config.
    init(path: String) throws {
        let data = FileManager.default.contents(atPath: path) ?? Data()
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    init(text: String) {
        var section = ""
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = Self.trimmed(rawLine)
            if let comment = line.firstIndex(where: { $0 == "#" || $0 == ";" }) { line = Self.trimmed(line[..<comment]) }
            if line.isEmpty { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = Self.trimmed(line.dropFirst().dropLast()).lowercased()
                continue
            }
            let parts = line.split(separator: "=", maxSplits: 1)
            let key = Self.trimmed(parts[0]).lowercased()
            let value = parts.count > 1 ? String(Self.trimmed(parts[1])) : "true"
            values[section + "." + key] = value
        }
    }

    /// `text` without the spaces and tabs around it (git's whitespace in
    /// config lines).
    private static func trimmed(_ text: Substring) -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) }) else { return "" }
        return text[first...last]
    }

    /// The value of `section.key`, if set.
    public subscript(key: String) -> String? { values[key.lowercased()] }
}
