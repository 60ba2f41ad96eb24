/// Why bytes could not be decoded as one of the repository's formats.
public enum FormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `what` (a format's name) is not well formed, for `reason`.
    case malformed(_ what: String, _ reason: String)
    /// A function blob of a format version this build cannot read.
    case unsupportedVersion(found: UInt16, supported: UInt16)
    /// A name that cannot be a tree entry or a function name.
    case invalidName(String, reason: String)

    public var description: String {
        switch self {
        case let .malformed(what, reason): "malformed \(what): \(reason)"
        case let .unsupportedVersion(found, supported):
            "function blob format version \(found) is not supported (this build reads version \(supported))"
        case let .invalidName(name, reason): "invalid name '\(name)': \(reason)"
        }
    }
}
