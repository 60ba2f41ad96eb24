import BlobFormat
import RefStore

/// One commit in a log.
public struct LogEntry: Sendable {
    public var hash: FunctionHash
    public var commit: Commit
}

extension Repository {
    /// Commits from `revision` back along first parents, newest first, at
    /// most `limit`.
    public func log(from revision: String = RefName.head, limit: Int? = nil) throws(RepositoryError) -> [LogEntry] {
        var entries: [LogEntry] = []
        var next: FunctionHash? = try resolve(revision)
        while let hash = next, limit.map({ entries.count < $0 }) ?? true {
            let commit = try commit(hash)
            entries.append(LogEntry(hash: hash, commit: commit))
            next = commit.parents.first
        }
        return entries
    }

    /// The ReloadEvents of one function, newest first, at most `limit`.
    /// Throws for a name that has no events and is not in `HEAD`.
    public func log(function name: String, limit: Int? = nil) throws(RepositoryError) -> [ReloadEvent] {
        let events = try wrapping { try refs.events(function: name, limit: limit) }
        if events.isEmpty {
            let known = try? snapshot(commit: head()).functions[name]
            if known == nil { throw .unknownFunction(name, revision: "HEAD or its log") }
        }
        return events
    }

    /// What changed between two revisions' snapshots. With no `from`, the
    /// first parent of `to`; with no `to`, `HEAD`.
    public func diff(from: String? = nil, to: String? = nil) throws(RepositoryError) -> SnapshotDiff {
        let newer = try resolve(to ?? RefName.head)
        let older: FunctionHash? = if let from { try resolve(from) } else { try commit(newer).parents.first }
        return SnapshotDiff(from: try older.map { (hash) throws(RepositoryError) in try snapshot(commit: hash) },
                            to: try snapshot(commit: newer))
    }

    /// Creates the tag `name` at `revision` (default `HEAD`); an existing tag
    /// is an error unless `force`.
    @discardableResult
    public func tag(_ name: String, at revision: String = RefName.head, force: Bool = false) throws(RepositoryError) -> FunctionHash {
        let ref = RefName.tag(name)
        do { try RefName.validate(ref) } catch { throw .refs(error) }
        let target = try resolve(revision)
        do throws(RefStoreError) {
            try refs.update(RefUpdate(ref: ref, expected: force ? .any : .absent, new: target, message: "tag: \(name)"))
        } catch .refExists {
            throw .refExists("tag '\(name)'")
        } catch {
            throw .refs(error)
        }
        return target
    }

    /// Deletes the tag `name`.
    public func deleteTag(_ name: String) throws(RepositoryError) {
        let ref = RefName.tag(name)
        guard try wrapping({ try refs.exists(ref) }) else { throw .unknownRevision(ref) }
        _ = try wrapping { try refs.update(RefUpdate(ref: ref, expected: .any, new: nil, message: "tag: delete \(name)")) }
    }

    /// Every tag and its commit, by name.
    public func tags() throws(RepositoryError) -> [(name: String, target: FunctionHash)] {
        try wrapping {
            try refs.refs().compactMap { ref in
                guard ref.name.hasPrefix(RefName.tagPrefix), let target = ref.target else { return nil }
                return (RefName.short(ref.name), target)
            }
        }
    }
}
