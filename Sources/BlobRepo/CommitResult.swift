import BlobFormat

/// What a commit, rollback or reset did.
public struct CommitResult: Sendable {
    /// The new commit; `nil` when nothing changed and nothing was written.
    public var commit: FunctionHash?
    /// The commit the ref was at before.
    public var parent: FunctionHash?
    /// The ref that moved (`refs/heads/main`).
    public var ref: String
    /// Functions and chunks that changed.
    public var diff: SnapshotDiff
    /// The ReloadEvents recorded, one per changed function.
    public var events: [ReloadEvent]
    /// Functions a rollback holds at their rolled-back blob although the
    /// committed source compiled to the blob the rollback undid.
    public var heldBack: [String]
    /// Holds released because the function's source changed.
    public var released: [String]
    /// How many new objects were written.
    public var objectsWritten: Int

    /// Whether a commit was made.
    public var changed: Bool { commit != nil }
}
