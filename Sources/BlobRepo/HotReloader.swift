import BlobFormat
import FoundationEssentials
import LuaVM
import RefStore

/// Keeps a ``ScriptHost`` on the commit a ref points to: when the ref moves
/// (a commit, a rollback, a reset, an update from another process), the next
/// ``poll()`` applies the new snapshot to the running VM.
///
/// A host polls at the safe points it chooses (between events, once a
/// tick), or calls script functions through ``call(_:_:)``, which polls
/// first. Each applied reload is recorded as ReloadEvents with cause
/// `reload` under the followed ref, so `blobrepo log FUNCTION` shows when a
/// running host picked up a version.
public final class HotReloader {
    public let host: ScriptHost
    /// The full name of the ref followed (`refs/heads/main`).
    public let ref: String
    /// Told of every reload applied or refused, in ``call(_:_:)`` as in ``poll()``.
    public var onReload: ((Result<ReloadResult, Error>) -> Void)?
    /// A commit that failed to load, not tried again until the ref moves on.
    public private(set) var refused: FunctionHash?

    /// Follows `ref` (HEAD by default, through the branch it names) and
    /// loads its commit now if the host has nothing loaded.
    public init(host: ScriptHost, following ref: String = RefName.head) throws {
        self.host = host
        self.ref = try wrapping { try host.repository.refs.fullName(ref) }
        host.recordedRef = self.ref
        if host.commit == nil { try host.load(commit: try target()) }
    }

    /// The commit the ref points to now.
    public func target() throws -> FunctionHash {
        try host.repository.resolve(ref)
    }

    /// The ref's commit when it differs from the one loaded (and has not
    /// already been refused).
    public func pending() throws -> FunctionHash? {
        let target = try target()
        return target == host.commit || target == refused ? nil : target
    }

    /// Applies the ref's commit if the ref moved. Returns what changed, or
    /// nil when there was nothing to do. When the new snapshot cannot be
    /// loaded, the VM stays on the old one, the error is thrown, and that
    /// commit is not tried again.
    @discardableResult
    public func poll() throws -> ReloadResult? {
        guard let target = try pending() else { return nil }
        do {
            let result = try host.load(commit: target)
            refused = nil
            onReload?(.success(result))
            return result
        } catch {
            refused = target
            onReload?(.failure(error))
            throw error
        }
    }

    /// Applies a pending reload, then calls the script function `name`. A
    /// reload that fails is reported to ``onReload`` and the call runs on
    /// the snapshot already loaded.
    public func call(_ name: String, _ arguments: [ScriptValue] = []) throws -> [ScriptValue] {
        _ = try? poll()
        return try host.call(name, arguments)
    }
}
