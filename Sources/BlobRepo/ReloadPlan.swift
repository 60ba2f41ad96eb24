import BlobFormat
import LuaVM

/// What a reload from one snapshot to another changes: the functions
/// added, updated and removed, the files whose chunks must run, and the
/// blobs that must exist. Computed before anything is read or changed.
struct ReloadPlan {
    let old: Snapshot
    let new: Snapshot
    var result: ReloadResult
    /// Files whose chunk is new or changed, in path order.
    let rerun: [String]
    let removedFiles: [String]
    /// The blobs the reload reads: changed functions, chunks to run, new closures.
    let needed: [FunctionHash]

    init(from old: Snapshot, to new: Snapshot, commit: FunctionHash, previous: FunctionHash?) {
        self.old = old
        self.new = new
        var result = ReloadResult(commit: commit, previous: previous)
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
        let byBytes = { (a: String, b: String) in a.utf8.lexicographicallyPrecedes(b.utf8) }
        result.added.sort(by: byBytes)
        result.updated.sort(by: byBytes)
        result.removed.sort(by: byBytes)
        rerun = new.chunks.filter { old.chunks[$0.key] != $0.value }.keys.sorted(by: byBytes)
        removedFiles = old.chunks.keys.filter { new.chunks[$0] == nil }
        needed += rerun.map { new.chunks[$0]! }
        needed += old.closures.isEmpty ? Array(new.closures) : Array(new.closures.subtracting(old.closures))
        self.needed = needed
        result.rerunFiles = rerun
        self.result = result
    }
}

/// What preparing a reload made, ready to apply without reading anything:
/// the file that defines each named function, the loaded chunks to run,
/// and the decoded functions to install.
struct PreparedReload {
    var files: [String: String]
    var chunks: [(path: String, chunk: VM.LoadedChunk)] = []
    var functions: [PreparedFunction] = []
}
