import ObjectStore
import ArgumentParser
import BlobRepo
import FoundationEssentials

struct GC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete objects that nothing can reach any more.",
        discussion: """
            Roots: every ref, every ReloadEvent and ref-log line younger than the reflog \
            expiry (gc.reflogExpire, default 90.days.ago), every pin of a running VM. \
            Unreachable objects younger than the grace period (gc.pruneExpire, default \
            2.weeks.ago) are kept. Load indexes are kept for the snapshots a ref or a \
            running VM names; a load of any other snapshot builds its index again. \
            Dates: now, never, 2.weeks.ago, 2026-01-31, @SECONDS.

            Examples:
              blobrepo gc --dry-run
              blobrepo gc --prune=now
            """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("Delete unreachable objects older than DATE.", valueName: "DATE"))
    var prune: String?

    @Option(help: ArgumentHelp("Ignore history (ReloadEvents, ref log) older than DATE as roots.", valueName: "DATE"))
    var expire: String?

    @Flag(name: [.customShort("n"), .long], help: "List what would be deleted; delete nothing.")
    var dryRun = false

    func run() throws {
        let repo = try repository.open()
        var options = GCOptions(dryRun: dryRun)
        if let prune { options.pruneBefore = try Self.date(prune, option: "--prune") }
        if let expire { options.expireBefore = try Self.date(expire, option: "--expire") }
        let report = try repo.gc(options)
        if dryRun {
            for entry in report.removed { print("would remove \(entry.hash.hex)") }
        }
        let verb = dryRun ? "Would remove" : "Removed"
        print("\(verb) \(report.removed.count) objects (\(Formatting.byteCount(report.removedBytes))); "
            + "\(report.reachable) reachable, \(report.keptRecent) unreachable but recent kept.")
        if report.temporaryFilesRemoved > 0 { print("\(verb) \(report.temporaryFilesRemoved) stale temporary files.") }
        if report.deadPinsDropped > 0 { print("Dropped \(report.deadPinsDropped) pins of processes that are gone.") }
    }

    static func date(_ text: String, option: String) throws -> Date {
        guard let date = ExpiryDate.parse(text) else {
            throw ValidationError("\(option): cannot understand the date '\(text)' (try now, never, 2.weeks.ago, 2026-01-31)")
        }
        return date
    }
}
