import BlobFormat

/// What loading or reloading a snapshot into a running VM did.
public struct ReloadResult: Sendable {
    /// The commit now loaded.
    public var commit: FunctionHash
    /// The commit loaded before; nil for the first load.
    public var previous: FunctionHash?
    /// Named functions that appeared (none are listed for a first load,
    /// where every function is new).
    public var added: [String] = []
    /// Named functions whose blob changed: every later call runs the new blob.
    public var updated: [String] = []
    /// Named functions that are gone (their globals are now nil).
    public var removed: [String] = []
    /// How many named functions kept their blob, untouched.
    public var unchanged = 0
    /// Files whose chunk ran (again), in the order they ran.
    public var rerunFiles: [String] = []
    /// Files of a first load whose chunk only assigns globals and so waits
    /// until one of them is used (see docs/embedding.md, "Lazy files").
    public var deferredFiles = 0
    /// Updated or removed functions whose old blob still has frames running;
    /// they finish on it.
    public var stillRunning: [String] = []

    /// Where the time went: reading the snapshot and preparing what
    /// changes (`prepare`), changing the VM and running chunks (`apply`),
    /// pinning and recording events (`record`).
    public var timings = Timings()

    public struct Timings: Sendable, Equatable {
        public var prepare: Duration = .zero
        public var apply: Duration = .zero
        public var record: Duration = .zero
    }

    /// Whether the reload changed nothing.
    public var isEmpty: Bool { added.isEmpty && updated.isEmpty && removed.isEmpty && rerunFiles.isEmpty }
}

/// Why a snapshot could not be loaded into a VM. The VM is left as it was.
public enum LoadError: Error, CustomStringConvertible, Equatable {
    /// Blobs the snapshot names are not in the object store.
    case missingBlobs([FunctionHash])
    /// The snapshot needs capabilities the VM does not grant.
    case notPermitted([String])
    /// A blob is unreadable, fails verification or needs an ungranted capability.
    case invalidBlob(String)
    /// A file's chunk raised an error when it ran.
    case chunkFailed(path: String, message: String)

    public var description: String {
        switch self {
        case let .missingBlobs(hashes):
            "missing blob\(hashes.count == 1 ? "" : "s"): " + hashes.map(\.hex).joined(separator: ", ")
        case let .notPermitted(capabilities):
            "the snapshot needs permission\(capabilities.count == 1 ? "" : "s") not granted: " + capabilities.joined(separator: ", ")
        case let .invalidBlob(message): message
        case let .chunkFailed(path, message): "running \(path) failed: \(message)"
        }
    }
}
