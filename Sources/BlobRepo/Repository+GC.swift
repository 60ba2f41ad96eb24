#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat
import FoundationEssentials
import ObjectStore
import RefStore

/// How gc decides what to delete.
public struct GCOptions: Sendable {
    /// Unreachable objects written after this moment are kept (the grace
    /// period); `nil` takes `gc.pruneExpire` from the config (2 weeks).
    public var pruneBefore: Date?
    /// ReloadEvents and ref-log lines younger than this keep what they name;
    /// `nil` takes `gc.reflogExpire` from the config (90 days).
    public var expireBefore: Date?
    /// Only report what would be deleted.
    public var dryRun: Bool

    public init(pruneBefore: Date? = nil, expireBefore: Date? = nil, dryRun: Bool = false) {
        self.pruneBefore = pruneBefore
        self.expireBefore = expireBefore
        self.dryRun = dryRun
    }
}

/// What gc found and did.
public struct GCReport: Sendable {
    /// Objects deleted (or, in a dry run, that would be).
    public var removed: [ObjectStore.Entry]
    /// Objects reachable from a root.
    public var reachable: Int
    /// Unreachable objects kept because they are younger than the grace period.
    public var keptRecent: Int
    /// Leftover temporary files of interrupted writes removed.
    public var temporaryFilesRemoved: Int
    /// Pins of processes that are gone, dropped.
    public var deadPinsDropped: Int
    public var dryRun: Bool

    public var removedBytes: Int { removed.reduce(0) { $0 + $1.bytes } }
}

extension Repository {
    /// Deletes the objects that nothing can reach any more. Roots: every
    /// ref, every ReloadEvent and ref-log line younger than the reflog expiry,
    /// every pin of a live process. Unreachable objects younger than the
    /// grace period are kept, and gc holds the repository lock exclusively,
    /// so a commit in progress never loses an object. Load indexes are kept
    /// only for the snapshots a ref or a live pin names.
    public func gc(_ options: GCOptions = GCOptions()) throws(RepositoryError) -> GCReport {
        let now = Date()
        let pruneBefore = if let date = options.pruneBefore { date } else {
            try configuredDate("gc.pruneExpire", default: "2.weeks.ago", now: now)
        }
        let expireBefore = if let date = options.expireBefore { date } else {
            try configuredDate("gc.reflogExpire", default: "90.days.ago", now: now)
        }
        return try RepositoryLock.holding(.exclusive, in: gitDirectory) { () throws(RepositoryError) -> GCReport in
            let pinsBefore = try wrapping { try refs.pins().count }
            let live = try wrapping { try refs.livePins() }
            let tips = try wrapping { try refs.refs().compactMap(\.target) }
            var roots = Set(tips)
            let historical = try wrapping {
                try refs.eventTargets(since: expireBefore).union(refs.refLogTargets(since: expireBefore))
            }
            roots.formUnion(live.map(\.snapshot))
            // History may name objects that were already pruned once its lines
            // expired elsewhere; only objects still present are roots.
            roots.formUnion(historical.filter { objects.contains($0) })
            let walk = Reachability(read: { try self.objects.read($0) })
            let reachable: Set<FunctionHash>
            do throws(Reachability.Failure) { reachable = try walk.reachable(from: roots) } catch {
                throw .unreadable(error.hash, reason: "\(error.error)")
            }
            let cutoff = Int64(pruneBefore.timeIntervalSince1970)
            var report = GCReport(removed: [], reachable: reachable.count, keptRecent: 0, temporaryFilesRemoved: 0,
                                  deadPinsDropped: pinsBefore - live.count, dryRun: options.dryRun)
            try wrapping {
                for entry in try objects.enumerate() where !reachable.contains(entry.hash) {
                    if entry.modified > cutoff {
                        report.keptRecent += 1
                        continue
                    }
                    if !options.dryRun { try objects.delete(entry.hash) }
                    report.removed.append(entry)
                }
                for file in try objects.temporaryFiles() where file.modified <= cutoff {
                    if !options.dryRun { unlink(file.path) }
                    report.temporaryFilesRemoved += 1
                }
            }
            // Load indexes are kept for the snapshots a load asks for: those a
            // ref or a live pin names. Every other one (one a commit, for
            // ever) goes; a loader that asks for its snapshot builds it again.
            if !options.dryRun {
                var indexed = Set(live.map(\.snapshot))
                for tip in tips { if let tree = try? commit(tip).tree { indexed.insert(tree) } }
                pruneLoadIndexes(keeping: indexed)
            }
            report.removed.sort { $0.hash < $1.hash }
            return report
        }
    }

    private func configuredDate(_ key: String, default fallback: String, now: Date) throws(RepositoryError) -> Date {
        let text = config[key] ?? fallback
        guard let date = ExpiryDate.parse(text, now: now) else { throw .badConfig(key: key, value: text) }
        return date
    }
}
