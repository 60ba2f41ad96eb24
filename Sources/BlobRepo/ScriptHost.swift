import BlobFormat
import Foundation
import LuaVM
import RefStore

/// A VM loaded from a repository: the loader of the embedding API.
///
/// `load` resolves a revision to a snapshot and brings the VM to it. The
/// first load runs every chunk in path order; a later one applies the
/// difference (DESIGN §5): functions whose blob changed are patched, files
/// whose chunk changed run again after their functions are in place,
/// removed functions become nil, everything else is untouched. Frames
/// already running finish on the blob they started with.
///
/// Named functions are decoded lazily, on their first call, so the time to
/// the first call grows with the number of files, not of functions.
///
/// The host pins the snapshots it may still need (the loaded one and the one
/// before it) in the ref database, so `gc` keeps their blobs while this
/// process lives; ``unload()`` releases them.
public final class ScriptHost {
    public let repository: Repository
    public let vm: VM
    /// The commit loaded; nil before the first load.
    public private(set) var commit: FunctionHash?
    /// The snapshot loaded.
    public private(set) var snapshot: Snapshot?
    /// Where reloads are recorded as ReloadEvents (with cause `reload`):
    /// the full name of the ref followed, or nil to record nothing.
    public var recordedRef: String?
    /// Blobs read from the repository, by hash.
    public let blobs: BlobCache
    /// The file whose chunk makes each named function.
    private var definingFile: [String: String] = [:]
    private let lines: SourceLines
    private var pins: [(tree: FunctionHash, id: Int64)] = []

    /// A host for `vm` (a VM of its own by default, with every capability
    /// granted) on `repository`. Nothing is loaded yet.
    public init(repository: Repository, vm: VM = VM()) {
        self.repository = repository
        self.vm = vm
        blobs = BlobCache(repository: repository)
        lines = SourceLines(repository: repository)
        vm.blobs = { [blobs] hash in try blobs.blob(hash) }
        vm.firstLines = { [lines] source, function in lines.firstLine(source: source, of: function) }
        vm.enableLoad()
    }

    deinit { unload() }

    /// Brings the VM to the snapshot of `revision` (a ref, tag, commit or
    /// hash prefix). On any failure (a missing blob, an ungranted
    /// permission, an error in a chunk) the VM stays on what it had.
    @discardableResult
    public func load(_ revision: String = RefName.head) throws -> ReloadResult {
        try load(commit: repository.resolve(revision))
    }

    /// Brings the VM to the snapshot of `commit`.
    @discardableResult
    public func load(commit newCommit: FunctionHash) throws -> ReloadResult {
        let clock = ContinuousClock()
        let started = clock.now
        let new = try repository.snapshot(commit: newCommit)
        let old = snapshot ?? Snapshot()
        var result = ReloadResult(commit: newCommit, previous: commit)
        if newCommit == commit { return result }

        let missingPermissions = vm.permissions.missing(new.meta.permissions)
        if !missingPermissions.isEmpty { throw LoadError.notPermitted(missingPermissions) }

        // What changed, and which chunks must run.
        var needed: [FunctionHash] = []
        for (name, hash) in new.functions {
            if let before = old.functions[name] {
                if before == hash { result.unchanged += 1; continue }
                result.updated.append(name)
            } else {
                result.added.append(name)
            }
            needed.append(hash)
        }
        result.removed = old.functions.keys.filter { new.functions[$0] == nil }
        let rerun = new.chunks.filter { old.chunks[$0.key] != $0.value }.keys
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let removedFiles = old.chunks.keys.filter { new.chunks[$0] == nil }
        let byBytes = { (a: String, b: String) in a.utf8.lexicographicallyPrecedes(b.utf8) }
        result.added.sort(by: byBytes)
        result.updated.sort(by: byBytes)
        result.removed.sort(by: byBytes)

        // Everything that can fail before the VM changes: the blobs exist,
        // the chunks to run and the patched functions decode and verify.
        needed += rerun.map { new.chunks[$0]! }
        needed += old.closures.isEmpty ? Array(new.closures) : Array(new.closures.subtracting(old.closures))
        let absent = repository.objects.missing(needed)
        if !absent.isEmpty { throw LoadError.missingBlobs(absent.sorted { $0.hex < $1.hex }) }
        var files = definingFile
        for path in removedFiles {
            for name in files.filter({ $0.value == path }).keys { files[name] = nil }
        }
        var chunks: [(path: String, chunk: VM.LoadedChunk)] = []
        var prepared: [PreparedFunction] = []
        do {
            for path in rerun {
                let hash = new.chunks[path]!
                let blob = try blobs.blob(hash)
                for name in blob.namedFunctions { files[name] = path }
                chunks.append((path, try vm.load(chunk: blob, hash: hash, source: path)))
            }
            // A first load decodes functions on their first call; a reload
            // decodes what it patches now, so that it cannot fail halfway.
            if commit != nil {
                for name in result.updated + result.added {
                    let hash = new.functions[name]!
                    prepared.append(try vm.prepare(name, blob: blobs.blob(hash), hash: hash, source: files[name] ?? "?"))
                }
            }
        } catch {
            throw LoadError.invalidBlob("\(error)")
        }

        // Apply: patch, remove, then run the changed chunks in path order.
        let preparedAt = clock.now
        result.timings.prepare = preparedAt - started
        let running = Set(vm.runningHashes)
        result.stillRunning = (result.updated + result.removed).filter { running.contains(old.functions[$0]!) }.sorted()
        let checkpoint = chunks.isEmpty ? nil : vm.checkpoint()
        lines.sources = new.sources
        if prepared.isEmpty {
            for name in result.added + result.updated { vm.define(name, hash: new.functions[name]!, source: files[name] ?? "?") }
        } else {
            prepared.forEach(vm.install)
        }
        for name in result.removed {
            vm.removeFunction(name)
            if !name.contains("::") { vm.unset(name) }
        }
        for (path, chunk) in chunks {
            do {
                try vm.run(chunk)
            } catch {
                if let checkpoint { vm.restore(checkpoint) }
                lines.sources = old.sources
                throw LoadError.chunkFailed(path: path, message: "\(error)")
            }
        }
        if let checkpoint { vm.discard(checkpoint) }
        result.rerunFiles = rerun

        result.timings.apply = clock.now - preparedAt
        let applied = clock.now
        definingFile = files
        let previous = commit
        commit = newCommit
        snapshot = new
        try pin(newCommit)
        if previous != nil { try record(result, old: old, new: new) }
        result.timings.record = clock.now - applied
        return result
    }

    /// Calls the script function `name` (see ``VM/call(_:_:)``).
    public func call(_ name: String, _ arguments: [ScriptValue] = []) throws -> [ScriptValue] {
        try vm.call(name, arguments)
    }

    /// Releases the pins of this host; the VM keeps what it has loaded.
    public func unload() {
        try? repository.refs.unpin(pins.map(\.id))
        pins.removeAll()
    }

    /// Pins the snapshot of `commit` and releases all but it and the one
    /// before (whose blobs frames and closures may still run).
    private func pin(_ commit: FunctionHash) throws {
        let tree = try repository.commit(commit).tree
        let id = try wrapping { try repository.refs.pin(tree) }
        pins.append((tree, id))
        if pins.count > 2 {
            let released = pins.prefix(pins.count - 2)
            try wrapping { try repository.refs.unpin(released.map(\.id)) }
            pins.removeFirst(released.count)
        }
    }

    /// Records the applied reload as ReloadEvents with cause `reload`.
    private func record(_ result: ReloadResult, old: Snapshot, new: Snapshot) throws {
        guard let ref = recordedRef else { return }
        let now = Date()
        let message = "reloaded by process \(getpid())"
        let events = (result.added + result.updated + result.removed).sorted().map { name in
            ReloadEvent(time: now, ref: ref, function: name, oldHash: old.functions[name], newHash: new.functions[name],
                        cause: .reload, commit: result.commit, message: message)
        }
        if !events.isEmpty { _ = try wrapping { try repository.refs.record(events) } }
    }
}
