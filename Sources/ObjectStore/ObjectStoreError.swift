import BlobFormat

/// Why the object store could not do what was asked. Every case names the
/// object or the file.
public enum ObjectStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No object with this hash is stored.
    case missing(FunctionHash)
    /// The object's file is not a valid loose object: `reason` says how.
    case corrupt(FunctionHash, reason: String)
    /// The object inflates to bytes whose hash is not its name.
    case hashMismatch(FunctionHash, actual: FunctionHash)
    /// The object's header declares more than this store will inflate.
    case tooLarge(FunctionHash, declared: Int, limit: Int)
    /// A file-system call failed.
    case io(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case let .missing(hash): "object \(hash.hex) is missing"
        case let .corrupt(hash, reason): "object \(hash.hex) is corrupt: \(reason)"
        case let .hashMismatch(hash, actual): "object \(hash.hex) is corrupt: its content hashes to \(actual.hex)"
        case let .tooLarge(hash, declared, limit): "object \(hash.hex) declares \(declared) bytes, over the limit of \(limit)"
        case let .io(path, operation, code): "\(operation) \(path): \(String(cString: strerror(code)))"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
