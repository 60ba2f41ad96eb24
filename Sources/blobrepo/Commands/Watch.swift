import BlobFormat
import ArgumentParser
import BlobRepo
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set by SIGINT and SIGTERM: the watch loop ends at its next wake-up.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Commit, run and hot-reload a script set while you edit it.",
        discussion: """
            Commits DIR (default: src), loads HEAD into one long-lived VM and calls FUNCTION \
            with the arguments (Lua expressions) every MS milliseconds, printing each result \
            line as print would. When a file under DIR changes, it compiles and commits (a \
            compile error is printed and the VM keeps running the last good snapshot), then \
            patches the running VM. It also follows HEAD, so a rollback from another terminal \
            takes effect in the running loop. Reloads and errors are reported on standard \
            error. Ctrl-C ends it, releasing its pins.

            Examples:
              blobrepo watch --call on_tick
              blobrepo watch scripts --call spawn_rate 25 --every 250
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The source directory.")
    var directory: String = "src"

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "The function to call (foo, M.f, Account:deposit), then its arguments as Lua expressions.",
        valueName: "FUNCTION [ARG...]"))
    var call: [String]

    @Option(help: ArgumentHelp("Milliseconds between calls.", valueName: "MS"))
    var every: Int = 1000

    @Option(help: ArgumentHelp("Stop after this many calls (default: run until interrupted).", valueName: "N"))
    var times: Int?

    func validate() throws {
        guard !call.isEmpty else { throw ValidationError("--call needs a function name") }
        guard every > 0 else { throw ValidationError("--every must be a positive number of milliseconds") }
        if let times, times < 1 { throw ValidationError("--times must be at least 1") }
    }

    func run() throws {
        let repo = try repository.open()
        guard FileManager.default.fileExists(atPath: directory) else { throw CLIError("no directory '\(directory)'") }
        let watcher = try DirectoryWatcher(root: directory)
        // Answer with the new code first; index each commit for later loads after.
        repo.defersLoadIndexes = true
        defer { repo.writePendingLoadIndexes() }
        commit(repo)
        let host = ScriptHost(repository: repo)
        host.vm.output = { StandardStream.output($0) }
        let reloader: HotReloader
        do { reloader = try HotReloader(host: host) } catch { throw CLIError("cannot load HEAD: \(error)") }
        defer { host.unload() }
        signal(SIGINT) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
        // A parent may have started us with these blocked.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)

        var calls = 0
        var nextCall = ContinuousClock.now
        while stopRequested == 0 {
            let wait = ContinuousClock.now.duration(to: nextCall)
            let milliseconds = max(0, Int(wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000))
            // Wake at least every 100 ms to notice HEAD moving elsewhere.
            if watcher.wait(milliseconds: min(milliseconds, 100)) {
                commit(repo)
                // Answer with the new code at once rather than at the next tick.
                nextCall = .now
            }
            if stopRequested != 0 { break }
            reload(reloader)
            guard ContinuousClock.now >= nextCall else { continue }
            do {
                let line = try host.call(call[0], literals: Array(call.dropFirst()))
                StandardStream.output(Array((line + "\n").utf8))
            } catch {
                report("\(error)")
            }
            calls += 1
            repo.writePendingLoadIndexes()
            if let times, calls >= times { break }
            nextCall = ContinuousClock.now + .milliseconds(every)
        }
    }

    /// Commits the directory; a compile error is reported, not fatal.
    private func commit(_ repo: Repository) {
        do {
            let result = try repo.commit(directory: directory, message: "watch: update scripts")
            if let commit = result.commit {
                let names = result.diff.functions.map(\.name)
                let t = result.timings
                report("committed \(commit.abbreviated(12)): \(names.joined(separator: ", ")) "
                    + "(compile \(Formatting.milliseconds(t.compile)), hash \(Formatting.milliseconds(t.hash)), "
                    + "write \(Formatting.milliseconds(t.write)), record \(Formatting.milliseconds(t.record)))")
            }
        } catch {
            report("\(error)")
        }
    }

    /// Applies a move of HEAD; a failed reload is reported and the VM keeps
    /// running what it had.
    private func reload(_ reloader: HotReloader) {
        do {
            guard let result = try reloader.poll() else { return }
            var parts: [String] = []
            if !result.updated.isEmpty { parts.append("updated " + result.updated.joined(separator: ", ")) }
            if !result.added.isEmpty { parts.append("added " + result.added.joined(separator: ", ")) }
            if !result.removed.isEmpty { parts.append("removed " + result.removed.joined(separator: ", ")) }
            if !result.rerunFiles.isEmpty { parts.append("ran " + result.rerunFiles.joined(separator: ", ")) }
            report("reloaded \(result.commit.abbreviated(12)): " + (parts.isEmpty ? "no function changed" : parts.joined(separator: "; ")))
        } catch {
            report("reload failed, still running the last good snapshot: \(error)")
        }
    }

    private func report(_ message: String) {
        StandardStream.error("watch: \(message)\n")
    }
}
