import BlobFormat

/// Why a ref or log operation failed; every case names the ref.
public enum RefStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The ref was not where the caller expected it (a compare-and-swap lost).
    case refMoved(ref: String, expected: FunctionHash?, actual: FunctionHash?)
    /// A ref that must not exist yet does.
    case refExists(String)
    /// A name that git would not accept as a ref name.
    case invalidRefName(String, reason: String)
    /// A symbolic ref points at itself or at another symbolic ref too deep.
    case symbolicLoop(String)
    /// The path does not hold a blobrepo ref database.
    case notARepository(String)
    /// The database is of a newer schema than this build knows.
    case newerSchema(path: String)
    /// SQLite or the file system failed.
    case storage(String)

    public var description: String {
        switch self {
        case let .refMoved(ref, expected, actual):
            "\(ref) moved: expected \(expected?.abbreviated() ?? "no ref"), found \(actual?.abbreviated() ?? "no ref")"
        case let .refExists(ref): "ref \(ref) already exists"
        case let .invalidRefName(name, reason): "'\(name)' is not a valid ref name: \(reason)"
        case let .symbolicLoop(name): "symbolic ref \(name) does not resolve (a loop)"
        case let .notARepository(path): "\(path) is not a blobrepo repository"
        case let .newerSchema(path): "\(path) was written by a newer blobrepo; upgrade to open it"
        case let .storage(message): message
        }
    }
}
