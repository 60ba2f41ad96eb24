import Foundation
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
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if let comment = line.firstIndex(where: { $0 == "#" || $0 == ";" }) { line = String(line[..<comment]) }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces).lowercased()
                continue
            }
            let parts = line.split(separator: "=", maxSplits: 1)
            let key = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            let value = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "true"
            values[section + "." + key] = value
        }
    }

    /// The value of `section.key`, if set.
    public subscript(key: String) -> String? { values[key.lowercased()] }
}
