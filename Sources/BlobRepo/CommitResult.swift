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

    /// Where the time went.
    public var timings = CommitTimings()

    /// Whether the commit patched its parent's snapshot with the changed
    /// files rather than building the snapshot whole (the outcome is the same).
    public internal(set) var patched = false

    /// Whether the commit wrote its source cache update (see ``Repository/commit(directory:message:progress:)``).
    var sourceCacheWritten = false

    /// Whether a commit was made.
    public var changed: Bool { commit != nil }
}

/// The phases of a commit and how long each took.
public struct CommitTimings: Sendable {
    /// Reading and compiling source files.
    public var compile: Duration = .zero
    /// Encoding and hashing blobs.
    public var hash: Duration = .zero
    /// Compressing new objects.
    public var compress: Duration = .zero
    /// Writing, syncing and renaming object files.
    public var write: Duration = .zero
    /// Building trees and the commit, diffing, and the ref transaction.
    public var record: Duration = .zero

    public init() {}
}
