import BlobFormat
import ObjectStore
import RefStore

/// Why a repository operation failed. Every case names what the user gave
/// or what is wrong: a path, a revision, a function, an object.
public enum RepositoryError: Error, Sendable, CustomStringConvertible {
    /// No `.blobrepo` at the path or in any folder above it.
    case notARepository(String)
    /// `init` found a repository already there.
    case alreadyExists(String)
    /// A revision that names no commit.
    case unknownRevision(String)
    /// A hash prefix that more than one object starts with.
    case ambiguous(prefix: String, candidates: [FunctionHash])
    /// A function that the snapshot does not have.
    case unknownFunction(String, revision: String)
    /// `rollback` found no earlier version of the function.
    case noEarlierVersion(String)
    /// The object exists but is of another kind than needed.
    case wrongKind(FunctionHash, expected: String, found: String)
    /// A repository with no commit yet.
    case noCommits
    /// A tag or branch that already exists.
    case refExists(String)
    /// An invalid argument, with a message that says which and why.
    case invalidArgument(String)
    /// Source that does not compile: every diagnostic, rendered.
    case compileFailed([String])
    /// A value given in the config file that cannot be understood.
    case badConfig(key: String, value: String)
    /// An object that a walk needs cannot be read; gc stops rather than
    /// guess what it would have reached.
    case unreadable(FunctionHash, reason: String)
    /// The ref kept moving under a writer that tried `attempts` times.
    case contention(ref: String, attempts: Int)
    case objects(ObjectStoreError)
    case refs(RefStoreError)
    case format(FormatError, object: FunctionHash?)

    public var description: String {
        switch self {
        case let .notARepository(path): "not a blobrepo repository (or any of the parent directories): \(path)"
        case let .alreadyExists(path): "a blobrepo repository already exists at \(path)"
        case let .unknownRevision(rev): "unknown revision '\(rev)'"
        case let .ambiguous(prefix, candidates):
            "short hash '\(prefix)' is ambiguous; candidates:\n" + candidates.map { "  \($0.hex)" }.joined(separator: "\n")
        case let .unknownFunction(name, rev): "no function '\(name)' in \(rev)"
        case let .noEarlierVersion(name): "function '\(name)' has no earlier version to roll back to (give one with --to HASH)"
        case let .wrongKind(hash, expected, found): "object \(hash.abbreviated()) is a \(found), not a \(expected)"
        case .noCommits: "the repository has no commits yet"
        case let .refExists(name): "\(name) already exists"
        case let .invalidArgument(message): message
        case let .compileFailed(diagnostics):
            diagnostics.joined(separator: "\n") + "\n\(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s"); nothing was committed"
        case let .badConfig(key, value): "config: cannot understand \(key) = \(value)"
        case let .unreadable(hash, reason):
            "object \(hash.hex) cannot be read (\(reason)); nothing was deleted; run 'blobrepo fsck'"
        case let .contention(ref, attempts): "\(ref) kept moving; gave up after \(attempts) attempts"
        case let .objects(error): error.description
        case let .refs(error): error.description
        case let .format(error, object):
            if let object { "object \(object.hex): \(error.description)" } else { error.description }
        }
    }
}

/// Runs `body`, wrapping the lower layers' errors.
func wrapping<T>(_ body: () throws -> T) throws(RepositoryError) -> T {
    do { return try body() } catch let error as RepositoryError { throw error } catch let error as ObjectStoreError {
        throw .objects(error)
    } catch let error as RefStoreError {
        throw .refs(error)
    } catch let error as FormatError {
        throw .format(error, object: nil)
    } catch {
        throw .invalidArgument("\(error)")
    }
}
