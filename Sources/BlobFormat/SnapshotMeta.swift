/// The `meta` blob of a snapshot: which format and compiler made it, which
/// functions a rollback holds back, and the permissions the whole set needs.
///
/// It is stored as short text, one fact a line, in a fixed order, so that
/// `git cat-file -p` shows it plainly and one value has one encoding:
///
///     format 1
///     compiler blobrepo-lua 2
///     held Account:deposit <held hash> <replaced hash>
///     permission stdout
public struct SnapshotMeta: Hashable, Sendable {
    /// A function that a rollback holds at `held`. A later commit that brings
    /// back `replaced` (the blob the rollback undid) keeps `held` instead;
    /// any other blob releases the hold.
    public struct Hold: Hashable, Sendable {
        public var held: FunctionHash
        public var replaced: FunctionHash?
        public init(held: FunctionHash, replaced: FunctionHash?) {
            self.held = held
            self.replaced = replaced
        }

        /// Whether a commit whose source compiled the function to
        /// `compiled` (`nil`: no file defines it) keeps the hold: it does
        /// when that is the blob the rollback undid.
        public func isKept(by compiled: FunctionHash?) -> Bool { compiled == replaced }
    }

    /// The version of the snapshot layout.
    public static let currentFormat = 1

    public var format: Int
    /// The name and version of the compiler that produced the blobs.
    public var compiler: String
    /// Functions held back by a rollback, by name.
    public var holds: [String: Hold]
    /// The capabilities the whole set needs (sorted, unique).
    public private(set) var permissions: [String]

    public init(format: Int = SnapshotMeta.currentFormat, compiler: String = "", holds: [String: Hold] = [:], permissions: [String] = []) {
        self.format = format
        self.compiler = compiler
        self.holds = holds
        self.permissions = Array(Set(permissions)).sorted()
    }

    /// The canonical text of the meta blob.
    public func encoded() -> [UInt8] {
        var text = "format \(format)\ncompiler \(compiler)\n"
        for name in holds.keys.sorted() {
            let hold = holds[name]!
            text += "held \(name) \(hold.held.hex) \(hold.replaced?.hex ?? "-")\n"
        }
        for permission in permissions { text += "permission \(permission)\n" }
        return Array(text.utf8)
    }

    public var object: GitObject { GitObject(kind: .blob, payload: encoded()) }

    /// Parses the meta blob, rejecting anything that would not encode to the
    /// same bytes.
    public init(decoding payload: [UInt8]) throws(FormatError) {
        guard let text = String(validating: payload, as: UTF8.self), text.hasSuffix("\n") || text.isEmpty else {
            throw .malformed("meta", "not newline-terminated UTF-8 text")
        }
        var format: Int?
        var compiler: String?
        var holds: [String: Hold] = [:]
        var permissions: [String] = []
        for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            let fields = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            let value = fields.count > 1 ? String(fields[1]) : ""
            switch fields[0] {
            case "format" where format == nil: format = Int(value)
            case "compiler" where compiler == nil: compiler = value
            case "held":
                let parts = value.split(separator: " ")
                guard parts.count == 3, let held = FunctionHash(hex: parts[1]),
                      parts[2] == "-" || FunctionHash(hex: parts[2]) != nil else {
                    throw .malformed("meta", "bad line '\(line)'")
                }
                holds[String(parts[0])] = Hold(held: held, replaced: FunctionHash(hex: parts[2]))
            case "permission": permissions.append(value)
            default: throw .malformed("meta", "unexpected line '\(line)'")
            }
        }
        guard let format, let compiler else { throw .malformed("meta", "missing 'format' or 'compiler' line") }
        self.init(format: format, compiler: compiler, holds: holds, permissions: permissions)
        guard encoded() == payload else { throw .malformed("meta", "not in canonical form") }
    }
}
