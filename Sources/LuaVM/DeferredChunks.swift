/// Chunks whose run a loader put off: files that only assign globals
/// (``BlobFormat/FunctionBlob/declaredGlobals``). Such a chunk runs the
/// first time one of its globals is read or written, or the globals table
/// is traversed or given a metatable; until then nothing that a script or
/// the host can see differs from having run it in its place.
///
/// While a load is in progress, a file not yet reached has not run in the
/// order of the load either: reading its global finds nil, and writing it
/// means the file must run when the load reaches it (its value wins then,
/// as it would have).
final class Deferral {
    /// The lazy file that assigns a global (by the global's bytes).
    let owner: ([UInt8]) -> Int?
    /// Runs file `n`'s chunk (the host reads and loads it).
    let run: (Int) throws -> Void
    /// Files reached by the load and put off, not run yet.
    var pending: Set<Int> = []
    /// Files not reached yet whose globals something wrote: they run when reached.
    var mustRun: Set<Int> = []
    /// False once putting off would show (the globals got a metatable).
    var deferring = true
    /// Whether a load is still reaching files.
    var loading = true

    init(owner: @escaping ([UInt8]) -> Int?, run: @escaping (Int) throws -> Void) {
        self.owner = owner
        self.run = run
    }
}

extension VM {
    /// Starts a load whose lazy files may be put off: `owner` tells which
    /// lazy file assigns a global, `run` runs a file's chunk. Then, for
    /// each file in order, ask ``deferChunk(_:)`` of a lazy file, run
    /// an eager one; end with ``finishDeferredLoad()``.
    public func beginDeferredLoad(owner: @escaping ([UInt8]) -> Int?, run: @escaping (Int) throws -> Void) {
        deferral = Deferral(owner: owner, run: run)
        globals.defersMisses = true
    }

    /// The load reached lazy file `file`: true when it is put off, false
    /// when the caller must run it now.
    public func deferChunk(_ file: Int) -> Bool {
        guard let deferral, deferral.deferring, !deferral.mustRun.contains(file) else { return false }
        deferral.pending.insert(file)
        return true
    }

    /// The load reached every file; files still put off run on demand.
    public func finishDeferredLoad() {
        deferral?.loading = false
        endDeferralIfDone()
    }

    /// Drops every file still put off without running it (a load that
    /// failed and is being undone).
    public func cancelDeferredLoad() {
        deferral = nil
        globals.defersMisses = false
    }

    /// How many files are put off now.
    public var deferredChunkCount: Int { deferral?.pending.count ?? 0 }

    /// Runs every file still put off, in order.
    public func runDeferredChunks() throws {
        guard let deferral else { return }
        for file in deferral.pending.sorted() where deferral.pending.contains(file) { try runDeferred(file) }
        endDeferralIfDone()
    }

    /// `table[key]` without metamethods, running the file put off that
    /// assigns `key` when `table` is the globals and lacks it.
    func rawGet(_ table: LuaTable, _ key: Value) throws -> Value {
        let value = table.get(key)
        guard value.isNil, table.defersMisses, try runDeferredOwner(of: key) else { return value }
        return table.get(key)
    }

    /// Before a raw read of `key` in the globals found nothing: runs the
    /// file that assigns it, if it was put off. Returns whether it ran one.
    func runDeferredOwner(of key: Value) throws -> Bool {
        guard let deferral, let name = key.asString, let file = deferral.owner(name.bytes),
              deferral.pending.contains(file) else { return false }
        try runDeferred(file)
        return true
    }

    /// Before a raw write of `key` into the globals: a file put off that
    /// assigns it runs first; one not reached yet must run when reached.
    func prepareGlobalWrite(_ key: Value) throws {
        guard let deferral, let name = key.asString, let file = deferral.owner(name.bytes) else { return }
        if deferral.pending.contains(file) {
            try runDeferred(file)
        } else if deferral.loading {
            deferral.mustRun.insert(file)
        }
    }

    /// The globals got a metatable: putting off more files of the load
    /// would show (`__newindex` must see their definitions), so the rest
    /// run in place.
    func stopDeferring() {
        deferral?.deferring = false
    }

    private func runDeferred(_ file: Int) throws {
        guard let deferral, deferral.pending.remove(file) != nil else { return }
        do {
            try deferral.run(file)
        } catch let error as LuaError {
            throw error
        } catch {
            throw self.error("\(error)")
        }
        endDeferralIfDone()
    }

    private func endDeferralIfDone() {
        guard let deferral, !deferral.loading, deferral.pending.isEmpty else { return }
        cancelDeferredLoad()
    }
}
