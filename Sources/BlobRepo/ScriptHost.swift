import ObjectStore
import BlobFormat
import FoundationEssentials
import LuaVM
import RefStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A VM loaded from a repository: the loader of the embedding API.
///
/// `load` resolves a revision to a snapshot and brings the VM to it. The
/// first load runs every chunk in path order; a later one applies the
/// difference (DESIGN §5): functions whose blob changed are patched, files
/// whose chunk changed run again after their functions are in place,
/// removed functions become nil, everything else is untouched. Frames
/// already running finish on the blob they started with.
///
/// The first load reads the snapshot's load index (``LoadIndex``), not the
/// snapshot: named functions are decoded on their first call, and a file
/// whose chunk only assigns globals runs when one of its globals is first
/// used (the VM's deferral), so the time to the first call does not grow
/// with the size of the script set. Files whose chunk does anything else
/// run in path order, as Lua would run them.
///
/// The host pins the snapshots it may still need (the loaded one and the one
/// before it) in the ref database, so `gc` keeps their blobs while this
/// process lives; ``unload()`` releases them.
public final class ScriptHost {
    public let repository: Repository
    public let vm: VM
    /// The commit loaded; nil before the first load.
    public private(set) var commit: FunctionHash?
    /// The root tree of the snapshot loaded.
    public private(set) var tree: FunctionHash?
    /// The snapshot loaded (read on first use after a lazy first load).
    public var snapshot: Snapshot? {
        if let loadedSnapshot { return loadedSnapshot }
        return tree.flatMap { try? repository.snapshot(tree: $0) }
    }
    private var loadedSnapshot: Snapshot?
    /// The index a first load ran from, until a reload reads the snapshot.
    private var index: LoadIndex?
    /// Where reloads are recorded as ReloadEvents (with cause `reload`):
    /// the full name of the ref followed, or nil to record nothing.
    public var recordedRef: String?
    /// Blobs read from the repository, by hash.
    public let blobs: BlobCache
    /// The file whose chunk makes each named function.
    private var definingFile: [String: String] = [:]
    private let lines: SourceLines
    /// Pins of the loaded snapshot and the one before it, oldest first.
    private var pins: [Int64] = []

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
        if newCommit == commit { return ReloadResult(commit: newCommit, previous: commit) }
        let clock = ContinuousClock()
        let started = clock.now
        let tree = try repository.commit(newCommit).tree
        if commit == nil, let index = repository.storedLoadIndex(tree: tree) {
            return try loadFirst(commit: newCommit, tree: tree, index: index, started: started)
        }
        try settleFirstLoad()
        let new = try repository.snapshot(tree: tree)
        let old = snapshot ?? Snapshot()
        let missingPermissions = vm.permissions.missing(new.meta.permissions)
        if !missingPermissions.isEmpty { throw LoadError.notPermitted(missingPermissions) }

        var plan = ReloadPlan(from: old, to: new, commit: newCommit, previous: commit)
        let prepared = try prepare(&plan)
        let preparedAt = clock.now
        plan.result.timings.prepare = preparedAt - started
        try apply(plan, prepared)
        plan.result.timings.apply = clock.now - preparedAt

        let applied = clock.now
        definingFile = prepared.files
        let previous = commit
        commit = newCommit
        self.tree = tree
        loadedSnapshot = new
        try pin(tree)
        if previous == nil {
            plan.result.added = []
            // The next load of this snapshot reads an index instead (from
            // the chunk blobs this load decoded already).
            let chunks = new.chunks.values.compactMap { hash in (try? blobs.blob(hash)).map { (hash, $0) } }
            _ = try? repository.buildLoadIndex(tree: tree, known: Dictionary(chunks) { first, _ in first })
        } else {
            try record(plan.result, old: old, new: new)
        }
        plan.result.timings.record = clock.now - applied
        return plan.result
    }

    /// A first load from the snapshot's index: runs the files that must run
    /// in path order and puts off the lazy ones; reads nothing else.
    private func loadFirst(commit newCommit: FunctionHash, tree: FunctionHash, index: LoadIndex,
                           started: ContinuousClock.Instant) throws -> ReloadResult {
        let clock = ContinuousClock()
        let meta = try repository.snapshotMeta(tree: tree)
        let missingPermissions = vm.permissions.missing(meta.permissions)
        if !missingPermissions.isEmpty { throw LoadError.notPermitted(missingPermissions) }
        var result = ReloadResult(commit: newCommit, previous: nil)
        let preparedAt = clock.now
        result.timings.prepare = preparedAt - started
        lines.index = index
        vm.functionBlobs = { name in index.function(named: name)?.hash }
        let checkpoint = vm.checkpoint()
        vm.beginDeferredLoad(owner: { index.lazyFileAssigning(global: $0) }) { [unowned self] ordinal in
            try runFile(index.files[ordinal])
        }
        for (ordinal, file) in index.files.enumerated() {
            if file.lazy, vm.deferChunk(ordinal) {
                result.deferredFiles += 1
                continue
            }
            do {
                try runFile(file)
            } catch {
                vm.cancelDeferredLoad()
                vm.restore(checkpoint)
                vm.functionBlobs = nil
                lines.index = nil
                if let error = error as? LoadError { throw error }
                throw LoadError.chunkFailed(path: file.path, message: "\(error)")
            }
            result.rerunFiles.append(file.path)
        }
        vm.finishDeferredLoad()
        vm.discard(checkpoint)
        let applied = clock.now
        result.timings.apply = applied - preparedAt
        commit = newCommit
        self.tree = tree
        self.index = index
        try pin(tree)
        result.timings.record = clock.now - applied
        return result
    }

    /// Reads, loads and runs one file's chunk.
    private func runFile(_ file: LoadIndex.File) throws {
        let chunk: VM.LoadedChunk
        do {
            chunk = try vm.load(chunk: blobs.blob(file.chunk), hash: file.chunk, source: file.path)
        } catch {
            throw LoadError.invalidBlob("\(error)")
        }
        try vm.run(chunk)
    }

    /// Before a reload after a first load from an index: runs the files
    /// still put off and declares every named function, so that the VM is
    /// as a full load would have left it.
    private func settleFirstLoad() throws {
        guard let index else { return }
        try vm.runDeferredChunks()
        vm.functionBlobs = nil
        for function in index.functions {
            let path = function.file.map { index.files[$0].path } ?? "?"
            definingFile[function.name] = path
            vm.define(function.name, hash: function.hash, source: path)
        }
        loadedSnapshot = try repository.snapshot(tree: index.tree)
        lines.sources = loadedSnapshot!.sources
        lines.index = nil
        self.index = nil
    }

    /// The blob of the named function `name` in the loaded snapshot.
    public func functionHash(_ name: String) -> FunctionHash? {
        if let index { return index.function(named: name)?.hash }
        return snapshot?.functions[name]
    }

    /// Everything that can fail before the VM changes: the blobs exist, the
    /// chunks to run and the functions to patch decode and verify.
    private func prepare(_ plan: inout ReloadPlan) throws -> PreparedReload {
        let absent = repository.objects.missing(plan.needed)
        if !absent.isEmpty { throw LoadError.missingBlobs(absent.sorted { $0.hex < $1.hex }) }
        var prepared = PreparedReload(files: definingFile)
        for path in plan.removedFiles {
            for name in prepared.files.filter({ $0.value == path }).keys { prepared.files[name] = nil }
        }
        do {
            for path in plan.rerun {
                let hash = plan.new.chunks[path]!
                let blob = try blobs.blob(hash)
                for name in blob.namedFunctions { prepared.files[name] = path }
                prepared.chunks.append((path, try vm.load(chunk: blob, hash: hash, source: path)))
            }
            // A first load decodes functions on their first call; a reload
            // decodes what it patches now, so that it cannot fail halfway.
            if commit != nil {
                for name in plan.result.updated + plan.result.added {
                    let hash = plan.new.functions[name]!
                    prepared.functions.append(try vm.prepare(name, blob: blobs.blob(hash), hash: hash,
                                                             source: prepared.files[name] ?? "?"))
                }
            }
        } catch {
            throw LoadError.invalidBlob("\(error)")
        }
        let running = Set(vm.runningHashes)
        plan.result.stillRunning = (plan.result.updated + plan.result.removed)
            .filter { running.contains(plan.old.functions[$0]!) }.sorted()
        return prepared
    }

    /// Patches, removes, then runs the changed chunks in path order; a chunk
    /// that fails puts the VM back as it was.
    private func apply(_ plan: ReloadPlan, _ prepared: PreparedReload) throws {
        let result = plan.result
        let checkpoint = prepared.chunks.isEmpty ? nil : vm.checkpoint()
        lines.sources = plan.new.sources
        if prepared.functions.isEmpty {
            for name in result.added + result.updated {
                vm.define(name, hash: plan.new.functions[name]!, source: prepared.files[name] ?? "?")
            }
        } else {
            prepared.functions.forEach(vm.install)
        }
        for name in result.removed {
            vm.removeFunction(name)
            if !name.contains("::") { vm.unset(name) }
        }
        for (path, chunk) in prepared.chunks {
            do {
                try vm.run(chunk)
            } catch {
                if let checkpoint { vm.restore(checkpoint) }
                lines.sources = plan.old.sources
                throw LoadError.chunkFailed(path: path, message: "\(error)")
            }
        }
        if let checkpoint { vm.discard(checkpoint) }
    }

    /// Calls the script function `name` (see ``VM/call(_:_:)``).
    public func call(_ name: String, _ arguments: [ScriptValue] = []) throws -> [ScriptValue] {
        try vm.call(name, arguments)
    }

    /// Releases the pins of this host; the VM keeps what it has loaded.
    public func unload() {
        try? repository.refs.unpin(pins)
        pins.removeAll()
    }

    /// Pins the snapshot whose root is `tree` and releases all but it and
    /// the one before (whose blobs frames and closures may still run).
    private func pin(_ tree: FunctionHash) throws {
        pins.append(try wrapping { try repository.refs.pin(tree) })
        if pins.count > 2 {
            let released = Array(pins.prefix(pins.count - 2))
            try wrapping { try repository.refs.unpin(released) }
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
