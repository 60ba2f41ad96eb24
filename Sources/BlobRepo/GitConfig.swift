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

    /// Reads `path`; a missing or unreadable file is an empty config.
    init(path: String) {
        self.init(bytes: (try? FileSystem.readFile(path)) ?? [])
    }

    init(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Parses the file's bytes line by line (a config is read by every
    /// command: no Foundation file API, no splitting into characters).
    init(bytes: [UInt8]) {
        var section = ""
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var line = bytes[start..<end]
            start = end + 1
            if let comment = line.firstIndex(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: ";") }) {
                line = line[..<comment]
            }
            line = Self.trimmed(line)
            if line.isEmpty { continue }
            if line.first == UInt8(ascii: "["), line.last == UInt8(ascii: "]") {
                section = String(decoding: Self.trimmed(line.dropFirst().dropLast()), as: UTF8.self).lowercased()
                continue
            }
            let key: String
            let value: String
            if let equals = line.firstIndex(of: UInt8(ascii: "=")) {
                key = String(decoding: Self.trimmed(line[..<equals]), as: UTF8.self).lowercased()
                value = String(decoding: Self.trimmed(line[(equals + 1)...]), as: UTF8.self)
            } else {
                key = String(decoding: line, as: UTF8.self).lowercased()
                value = "true"
            }
            values[section + "." + key] = value
        }
    }

    /// `text` without the spaces, tabs and carriage returns around it
    /// (git's whitespace in config lines).
    private static func trimmed(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) }) else {
            return text[text.startIndex..<text.startIndex]
        }
        return text[first...last]
    }

    /// The value of `section.key`, if set.
    public subscript(key: String) -> String? { values[key.lowercased()] }
}
