import BlobFormat

/// Function blobs read from a repository, decoded once and kept by hash, so
/// that a blob seen before (a rollback to an earlier version, say) is not
/// read and inflated again. Bounded: past `capacity` blobs it starts over.
public final class BlobCache {
    let repository: Repository
    private var blobs: [FunctionHash: FunctionBlob] = [:]
    public let capacity: Int
    /// How many blobs were read from the object store.
    public private(set) var reads = 0

    public init(repository: Repository, capacity: Int = 4096) {
        self.repository = repository
        self.capacity = capacity
    }

    /// The blob `hash`, read and decoded on first use.
    public func blob(_ hash: FunctionHash) throws(RepositoryError) -> FunctionBlob {
        if let cached = blobs[hash] { return cached }
        let blob = try repository.functionBlob(hash)
        reads += 1
        if blobs.count >= capacity { blobs.removeAll(keepingCapacity: true) }
        blobs[hash] = blob
        return blob
    }
}
