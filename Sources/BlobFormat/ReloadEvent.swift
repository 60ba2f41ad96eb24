import FoundationEssentials

/// One change of one function's blob under a ref: the unit of history that
/// `blobrepo log FUNCTION` shows and that hot reload records.
public struct ReloadEvent: Hashable, Sendable, Codable {
    /// Why a function's blob changed.
    public enum Cause: String, Hashable, Sendable, Codable, CaseIterable {
        /// A commit of new source.
        case commit
        /// `rollback FUNCTION`: one function pointed back at an earlier blob.
        case rollback
        /// `rollback --to REV`: the whole set moved back to an earlier snapshot.
        case reset
        /// A running VM picked up the change.
        case reload
    }

    /// The event's position in the log; `nil` until it is stored.
    public var id: Int64?
    public var time: Date
    /// The ref that moved (`refs/heads/main`).
    public var ref: String
    public var function: String
    /// The blob before; `nil` when the function was added.
    public var oldHash: FunctionHash?
    /// The blob after; `nil` when the function was removed.
    public var newHash: FunctionHash?
    public var cause: Cause
    /// The commit that made the change.
    public var commit: FunctionHash?
    /// The commit's subject, or what the reloading host said.
    public var message: String

    public init(id: Int64? = nil, time: Date, ref: String, function: String, oldHash: FunctionHash?,
                newHash: FunctionHash?, cause: Cause, commit: FunctionHash?, message: String) {
        self.id = id
        self.time = time
        self.ref = ref
        self.function = function
        self.oldHash = oldHash
        self.newHash = newHash
        self.cause = cause
        self.commit = commit
        self.message = message
    }
}
