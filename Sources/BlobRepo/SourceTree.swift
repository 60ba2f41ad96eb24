#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import LuaCompiler
import ObjectStore
import RefStore
import Synchronization

#if canImport(Glibc)
/// An open `DIR *`, as each C library's module shows it.
typealias DirectoryStream = OpaquePointer
#else
typealias DirectoryStream = UnsafeMutablePointer<DIR>
#endif

/// The `.lua` files under a source directory, by path relative to it, in
/// path order (the order chunks run in), with the stat data each had when
/// the folder was read.
struct SourceTree {
    typealias Status = (size: Int64, modified: Int64, inode: Int64)

    let root: String
    let files: [String]
    /// Each file's size, modification time (ns) and inode, as `files`.
    let statuses: [Status?]

    init(root: String) throws(RepositoryError) {
        self = try Listing(root: root).statted()
    }

    /// The stat data kept of a file.
    static func status(_ info: stat) -> Status {
        (Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec), Int64(info.st_ino))
    }

    private init(root: String, files: [String], statuses: [Status?]) {
        self.root = root
        self.files = files
        self.statuses = statuses
    }

    func contents(of file: String) throws(RepositoryError) -> [UInt8] {
        do throws(ObjectStoreError) { return try FileSystem.readFile(root + "/" + file) } catch {
            throw .invalidArgument("cannot read \(root)/\(file)")
        }
    }

    /// The folders of a source directory read (names and types), the stat
    /// data of their files still to get: ``statInBackground()`` starts
    /// getting it on a thread of its own while the caller reads the source
    /// cache (the 500 `stat`s of a 500-file set are most of a scan's time,
    /// in the kernel), and ``statted()`` stats what the thread has not
    /// taken yet and waits for the rest.
    final class Listing: @unchecked Sendable {
        let root: String
        /// The paths, in path order.
        let files: [String]
        /// For each file, the descriptor of its folder (open until
        /// ``statted()``) and where its NUL-terminated name starts in
        /// `names`; -1 for one stat'ed while listing (a name whose type the
        /// folder did not say).
        private let folderOfFile: [Int32]
        private let nameStart: [Int]
        private let names: [UInt8]
        private var folders: [DirectoryStream]
        private let listed: [Status?]
        /// Filled by the stats; read once they are done.
        private let found: UnsafeMutableBufferPointer<(status: Status, ok: Bool)>
        private var stats: BackgroundWork?
        private let next = Counter()

        init(root: String) throws(RepositoryError) {
            var info = stat()
            guard stat(root, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw .invalidArgument("source directory '\(root)' does not exist")
            }
            self.root = FileSystem.absolutePath(root)
            var walk = Walk()
            walk.list(self.root, prefix: [])
            files = walk.files
            folderOfFile = walk.folderOfFile
            nameStart = walk.nameStart
            names = walk.names
            folders = walk.folders
            listed = walk.listed
            found = .allocate(capacity: files.count)
        }

        deinit {
            stats?.join()
            for folder in folders { closedir(folder) }
            found.deallocate()
        }

        /// Starts stat'ing the files on a thread of its own. The thread
        /// only makes system calls into memory set up beforehand: it
        /// allocates nothing, so it needs no allocator heap of its own.
        func statInBackground() {
            guard stats == nil, !files.isEmpty else { return }
            let next = next
            let folderOfFile = folderOfFile, nameStart = nameStart, names = names, found = found
            stats = BackgroundWork {
                Self.statFiles(claiming: next, folderOfFile, nameStart, names, into: found)
            }
        }

        /// The tree, once every file is stat'ed: the files the thread has
        /// not taken yet are stat'ed here meanwhile.
        func statted() -> SourceTree {
            Self.statFiles(claiming: next, folderOfFile, nameStart, names, into: found)
            stats?.join()
            stats = nil
            for folder in folders { closedir(folder) }
            folders = []
            // A file gone (or no longer a regular file) by the time it was
            // stat'ed is left out, as if it had not been listed.
            var kept: [String] = []
            var statuses: [Status?] = []
            kept.reserveCapacity(files.count)
            statuses.reserveCapacity(files.count)
            for index in files.indices {
                if folderOfFile[index] < 0 {
                    statuses.append(listed[index])
                } else if found[index].ok {
                    statuses.append(found[index].status)
                } else {
                    continue
                }
                kept.append(files[index])
            }
            return SourceTree(root: root, files: kept, statuses: statuses)
        }

        /// Stats files in runs of ``run``, each claimed from `next`, until
        /// none is left: the thread and the caller share the work.
        private static func statFiles(claiming next: Counter, _ folderOfFile: [Int32], _ nameStart: [Int], _ names: [UInt8],
                                      into found: UnsafeMutableBufferPointer<(status: Status, ok: Bool)>) {
            let count = folderOfFile.count
            folderOfFile.withUnsafeBufferPointer { folders in
                nameStart.withUnsafeBufferPointer { starts in
                    names.withUnsafeBytes { bytes in
                        // No names: every file was stat'ed while listing.
                        guard let names = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return }
                        while true {
                            let first = next.take(run)
                            guard first < count else { return }
                            for index in first..<min(first + run, count) where folders[index] >= 0 {
                                var info = stat()
                                let ok = fstatat(folders[index], names + starts[index], &info, 0) == 0
                                    && info.st_mode & S_IFMT == S_IFREG
                                found[index] = (SourceTree.status(info), ok)
                            }
                        }
                    }
                }
            }
        }

        /// What listing the folders finds, gathered in one value (no
        /// exclusivity checks of a class's properties per name).
        private struct Walk {
            var files: [String] = []
            var folderOfFile: [Int32] = []
            var nameStart: [Int] = []
            var names: [UInt8] = []
            var folders: [DirectoryStream] = []
            var listed: [Status?] = []

            /// Lists the `.lua` regular files below `folder`, skipping hidden
            /// names, with `readdir`, keeping the folder open for the stats.
            /// Each folder's names are sorted as they will sort in paths (a
            /// folder's with a "/" after it), so the paths come out in byte
            /// order without sorting them whole. A name whose type the folder
            /// does not say (or a symbolic link) is stat'ed here.
            mutating func list(_ folder: String, prefix: [UInt8]) {
                // Left open (closed by `statted()`): its descriptor is the
                // folder the stats are made relative to.
                guard let directory = opendir(folder) else { return }
                folders.append(directory)
                let descriptor = dirfd(directory)
                // The names as bytes, one after another; an entry is where
                // its name is and what it is. Strings are made only of whole
                // paths, once the names are sorted.
                var bytes: [UInt8] = []
                bytes.reserveCapacity(1024)
                var entries: [(start: Int, count: Int, folder: Bool, status: Status?)] = []
                while let entry = readdir(directory) {
                    withUnsafePointer(to: entry.pointee.d_name) {
                        $0.withMemoryRebound(to: CChar.self, capacity: 256) { name in
                            let length = strlen(name)
                            guard length > 0, name[0] != 0x2E else { return }  // hidden, "." and ".."
                            let lua = length > 4 && memcmp(name + length - 4, ".lua", 4) == 0
                            var type = entry.pointee.d_type
                            var status: Status?
                            if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                                var info = stat()
                                guard fstatat(descriptor, name, &info, 0) == 0 else { return }
                                let kind = info.st_mode & S_IFMT
                                type = kind == S_IFDIR ? UInt8(DT_DIR) : kind == S_IFREG ? UInt8(DT_REG) : 0
                                status = SourceTree.status(info)
                            }
                            let isFolder = type == UInt8(DT_DIR)
                            guard isFolder || (type == UInt8(DT_REG) && lua) else { return }
                            entries.append((bytes.count, length, isFolder, status))
                            name.withMemoryRebound(to: UInt8.self, capacity: length) {
                                bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
                            }
                        }
                    }
                }
                // Git's tree order: a folder sorts as its name with "/" after
                // it. The entries' indices are sorted, not the entries.
                let order = bytes.withUnsafeBufferPointer { names in
                    ByteOrder.order(of: entries.map { ($0.start, $0.count, $0.folder ? UInt8(ascii: "/") : nil) }, in: names)
                }
                // A path is made from `prefix` and the name, NUL-terminated,
                // in one reused buffer; a name that is not UTF-8 is skipped,
                // as it cannot be a path in a tree.
                var path: [UInt8] = []
                path.reserveCapacity(prefix.count + 256)
                for index in order {
                    let entry = entries[index]
                    let name = bytes[entry.start..<(entry.start + entry.count)]
                    path.removeAll(keepingCapacity: true)
                    path.append(contentsOf: prefix)
                    path.append(contentsOf: name)
                    path.append(0)
                    guard let text = path.withUnsafeBufferPointer({ buffer in
                        buffer.withMemoryRebound(to: CChar.self) { String(validatingCString: $0.baseAddress!) }
                    }) else { continue }
                    if entry.folder {
                        path[path.count - 1] = UInt8(ascii: "/")
                        list(folder + "/" + String(decoding: name, as: UTF8.self), prefix: path)
                        continue
                    }
                    files.append(text)
                    listed.append(entry.status)
                    if entry.status != nil {
                        folderOfFile.append(-1)
                        nameStart.append(0)
                    } else {
                        folderOfFile.append(descriptor)
                        nameStart.append(names.count)
                        names.append(contentsOf: name)
                        names.append(0)
                    }
                }
            }
        }

        /// How many files one claim takes.
        private static let run = 16

        /// The next file index to claim, shared by the thread and the caller.
        final class Counter: @unchecked Sendable {
            private let value = Atomic<Int>(0)
            /// Claims `count` indices and returns the first.
            func take(_ count: Int) -> Int { value.add(count, ordering: .relaxed).oldValue }
        }

    }
}

/// A source directory being read: its folders listed and its files'
/// stat'ed on a thread of their own from the moment it is made, so that a
/// command that makes it before opening the repository has the 500 `stat`s
/// of a 500-file set done while the database opens and the source cache is
/// read. Hand it to ``Repository/commit(_:message:progress:)`` or
/// ``Repository/status(_:)``; a directory that cannot be read is reported
/// there.
public final class SourceDirectory: Sendable {
    public let path: String
    let listing: Result<SourceTree.Listing, RepositoryError>

    public init(_ path: String) {
        self.path = path
        do throws(RepositoryError) {
            let listing = try SourceTree.Listing(root: path)
            listing.statInBackground()
            self.listing = .success(listing)
        } catch {
            self.listing = .failure(error)
        }
    }
}

/// A source directory compiled into a script set.
public struct CompiledSources: Sendable {
    public var scriptSet: ScriptSet
    /// The files that were read and compiled (the others came from the cache).
    public var compiledFiles: [String]
    /// What the cache will learn about each file compiled this time; the
    /// hashes come from the snapshot once it is built, so that no blob is
    /// encoded and hashed twice.
    var compiledForCache: [CompiledForCache] = []

    struct CompiledForCache {
        var path: String
        var status: (size: Int64, modified: Int64, inode: Int64)
        var functions: [(name: String, line: Int, column: Int)]
        var closures: [FunctionHash]
        var permissions: [String]
    }

    /// Cache entries for the compiled files, with their hashes from `snapshot`
    /// (the set's own snapshot, before holds are applied).
    func cacheEntries(in snapshot: Snapshot) -> [SourceCacheEntry] {
        compiledForCache.compactMap { file in
            guard let source = snapshot.sources[file.path], let chunk = snapshot.chunks[file.path] else { return nil }
            let functions = file.functions.compactMap { function in
                snapshot.functions[function.name].map {
                    SourceCacheEntry.NamedHash(name: function.name, hash: $0, line: function.line, column: function.column)
                }
            }
            return SourceCacheEntry(
                path: file.path, size: file.status.size, modifiedNanoseconds: file.status.modified, inode: file.status.inode,
                source: source, chunk: chunk, functions: functions, closures: file.closures, permissions: file.permissions)
        }
    }
    /// Paths the cache has but the source directory no longer does.
    var removedFromCache: [String] = []
    /// The key the cache is stored under.
    var cacheKey: String
}

/// A source directory's files, sorted by what the source cache says of them.
struct SourceScan {
    typealias Status = SourceTree.Status

    let tree: SourceTree
    /// Entries whose file has the same size, modification time and inode,
    /// in path order: their outputs are reused.
    var reused: [SourceCacheEntry] = []
    /// Files to read and compile, in path order, with their stat data.
    var stale: [(file: String, status: Status?)] = []
    /// Paths the cache has but the directory no longer does.
    let removed: [String]

    init(directory: String, cache: [String: SourceCacheEntry]) throws(RepositoryError) {
        self.init(tree: try SourceTree(root: directory), cache: cache)
    }

    /// The scan of `tree` against `cache`.
    init(tree: SourceTree, cache: [String: SourceCacheEntry]) {
        self.tree = tree
        // A file modified within the last second may change again without its
        // time changing (the "racily clean" case): it is compiled, not trusted.
        let trustBefore = Int64((Date().timeIntervalSince1970 - 1) * 1_000_000_000)
        var cached = 0
        reused.reserveCapacity(tree.files.count)
        for (file, status) in zip(tree.files, tree.statuses) {
            let entry = cache[file]
            if entry != nil { cached += 1 }
            if let status, let entry, entry.size == status.size, entry.modifiedNanoseconds == status.modified,
               entry.inode == status.inode, status.modified < trustBefore {
                reused.append(entry)
            } else {
                stale.append((file, status))
            }
        }
        // Every cached path found in the folder: none was removed.
        if cached == cache.count {
            removed = []
        } else {
            let present = Set(tree.files)
            removed = cache.keys.filter { !present.contains($0) }.sorted()
        }
    }

    /// Replaces the reused entries with those of `entries` (the same stat
    /// data, their functions read); one with no counterpart is compiled again.
    mutating func takeFunctions(from entries: [String: SourceCacheEntry]) {
        reused = reused.map { entries[$0.path] ?? $0 }
        compileAgain { !$0.functionsRead }
    }

    /// Moves the reused entries that `distrusted` picks to the files to compile.
    mutating func compileAgain(where distrusted: (SourceCacheEntry) -> Bool) {
        let moved = reused.filter(distrusted)
        guard !moved.isEmpty else { return }
        let paths = Set(moved.map(\.path))
        reused.removeAll { paths.contains($0.path) }
        for (file, status) in zip(tree.files, tree.statuses) where paths.contains(file) { stale.append((file, status)) }
        stale = ByteOrder.sorted(stale, name: \.file)
    }

    /// Reads and compiles the stale files on every core; the outcomes come
    /// back in path order, so nothing depends on which finished first.
    func compileStale() throws(RepositoryError) -> [(source: [UInt8], outcome: Result<CompiledFile, CompileFailure>)] {
        let sources = try stale.map { (item) throws(RepositoryError) in try tree.contents(of: item.file) }
        let outcomes = ParallelMap.run(Array(stale.indices)) { index -> Result<CompiledFile, CompileFailure> in
            do throws(CompileFailure) {
                return .success(try Compiler.compile(sources[index], path: stale[index].file))
            } catch {
                return .failure(error)
            }
        }
        return Array(zip(sources, outcomes))
    }
}

extension Repository {
    /// Compiles every `.lua` file under `directory` into a script set.
    /// Throws ``RepositoryError/compileFailed(_:)`` with every diagnostic of
    /// every file when any file fails, and for two files that define the
    /// same function.
    public static func compile(directory: String) throws(RepositoryError) -> ScriptSet {
        try compile(SourceScan(directory: directory, cache: [:]), cacheKey: "", progress: nil).scriptSet
    }

    /// The set of `scan`: the reused entries' outputs and the stale files
    /// compiled; `progress` is told how many of the files to compile are done.
    static func compile(_ scan: SourceScan, cacheKey: String, progress: ((Int, Int) -> Void)?) throws(RepositoryError) -> CompiledSources {
        var result = CompiledSources(scan, cacheKey: cacheKey)
        var diagnostics: [String] = []
        var definedAt: [String: SourcePlace] = [:]
        let cachedFunctions = scan.reused.reduce(0) { $0 + $1.functions.count }
        definedAt.reserveCapacity(cachedFunctions)
        result.scriptSet.storedFunctions.reserveCapacity(cachedFunctions)
        for entry in scan.reused { result.reuse(entry, definedAt: &definedAt, diagnostics: &diagnostics) }
        try result.compileStale(of: scan, definedAt: &definedAt, diagnostics: &diagnostics, progress: progress)
        if !diagnostics.isEmpty { throw .compileFailed(diagnostics) }
        return result
    }

    /// The parse tree of one file, printed as Lua with every operation in
    /// parentheses (`blobrepo check --print`).
    public static func parseTree(file: String) throws(RepositoryError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else { throw .invalidArgument("cannot read \(file)") }
        let source = [UInt8](data)
        do throws(CompileFailure) { return try SyntaxPrinter.normalized(source, path: file) } catch {
            throw .compileFailed(error.diagnostics.map { $0.rendered(source: source) })
        }
    }

    /// Compiles `directory` (reusing what the source cache says is
    /// unchanged) and commits it (see ``commit(_:message:)``). When the
    /// cache was last written by the commit HEAD is at, the commit patches
    /// HEAD's snapshot with the changed files instead of building it whole.
    @discardableResult
    public func commit(directory: String, message: String, progress: ((Int, Int) -> Void)? = nil) throws(RepositoryError) -> CommitResult {
        try commit(SourceDirectory(directory), message: message, progress: progress)
    }

    /// ``commit(directory:message:progress:)`` of a source directory whose
    /// reading started before (see ``SourceDirectory``).
    @discardableResult
    public func commit(_ source: SourceDirectory, message: String, progress: ((Int, Int) -> Void)? = nil) throws(RepositoryError) -> CommitResult {
        let clock = ContinuousClock()
        let started = clock.now
        let directory = source.path
        let key = sourceCacheKey(directory)
        var (scan, cache) = try scanWhileReadingCache(source, key: key)
        if let result = try patchCommit(scan, cache: cache, key: key, message: message, progress: progress) { return result }
        try readReusedFunctions(&scan, cache: &cache, directory: directory)
        try compileAgainUnstored(&scan)
        let sources = try Self.compile(scan, cacheKey: key, progress: progress)
        let compiling = clock.now - started
        var entries: [SourceCacheEntry] = []
        // A file that could not be stat'ed gets no entry, so the entries
        // cannot vouch for the new tree: the update is then written as if
        // another writer had come between (no base).
        let vouches = scan.stale.allSatisfy { $0.status != nil }
        var result = try commit(sources.scriptSet, message: message) { (proposed) -> SourceCacheUpdate? in
            entries = sources.cacheEntries(in: proposed)
            return SourceCacheUpdate(root: key, entries: entries, removed: sources.removedFromCache,
                                     readGeneration: vouches ? cache.generation : -1, readBase: cache.base)
        }
        result.timings.compile = compiling
        if result.sourceCacheWritten {
            sourceCacheMemo.update(key: key, after: cache.generation, entries: entries, removed: sources.removedFromCache)
        }
        return result
    }

    /// What committing `directory` would change, without writing anything.
    public func status(directory: String) throws(RepositoryError) -> SnapshotDiff {
        try statusReport(SourceDirectory(directory)).diff
    }

    /// ``status(directory:)`` of a source directory whose reading started
    /// before (see ``SourceDirectory``).
    public func status(_ source: SourceDirectory) throws(RepositoryError) -> SnapshotDiff {
        try statusReport(source).diff
    }

    /// ``status(directory:)``, and whether it patched HEAD's snapshot (only
    /// the changed files compiled, as a commit would) or built the set whole.
    func statusReport(_ source: SourceDirectory) throws(RepositoryError) -> (diff: SnapshotDiff, patched: Bool) {
        let directory = source.path
        let key = sourceCacheKey(directory)
        var (scan, cache) = try scanWhileReadingCache(source, key: key)
        if let diff = try patchedStatus(scan, cache: cache, key: key) { return (diff, true) }
        try readReusedFunctions(&scan, cache: &cache, directory: directory)
        try compileAgainUnstored(&scan)
        let set = try Self.compile(scan, cacheKey: key, progress: nil).scriptSet
        var proposed = set.snapshot
        let parent: Snapshot? = if let head = try? head() { try snapshot(commit: head) } else { nil }
        for (name, hold) in parent?.meta.holds ?? [:] where hold.isKept(by: proposed.functions[name]) {
            proposed.functions[name] = hold.held
        }
        return (SnapshotDiff(from: parent, to: proposed), false)
    }

    /// Scans `source` against its source cache (returned too): its files
    /// are stat'ed on a thread of their own while the cache is read.
    private func scanWhileReadingCache(_ source: SourceDirectory, key: String) throws(RepositoryError) -> (SourceScan, SourceCache) {
        let listing = try source.listing.get()
        let cache = try sourceCache(key: key, expectedCount: listing.files.count)
        return (SourceScan(tree: listing.statted(), cache: cache.entries), cache)
    }

    /// The key of a source directory's cache: the compiler and the directory.
    func sourceCacheKey(_ directory: String) -> String {
        Compiler.identity + ":" + FileSystem.absolutePath(directory)
    }

    /// The source cache under `key`, from this process's memo while no
    /// other process wrote it; `expectedCount` as for
    /// ``RefStore/sourceCache(root:expectedCount:)``.
    func sourceCache(key: String, expectedCount: Int = 0) throws(RepositoryError) -> SourceCache {
        try sourceCacheMemo.cache(key: key) { () throws(RepositoryError) in
            try wrapping { try refs.sourceCacheState(root: key) }
        } orRead: { () throws(RepositoryError) in
            try wrapping { try refs.sourceCache(root: key, expectedCount: expectedCount) }
        }
    }

    /// Reads the functions of the entries `scan` reuses, which the full
    /// commit takes from the cache. When another commit wrote the cache
    /// since `cache` was read, the cache is read again, functions and all,
    /// and the directory scanned again.
    private func readReusedFunctions(_ scan: inout SourceScan, cache: inout SourceCache, directory: String) throws(RepositoryError) {
        if try wrapping({ try refs.readFunctions(into: &cache) }) {
            scan.takeFunctions(from: cache.entries)
            return
        }
        cache = try wrapping { try refs.sourceCache(root: cache.root, expectedCount: cache.entries.count) }
        guard try wrapping({ try refs.readFunctions(into: &cache) }) else {
            // Written again meanwhile: compile everything rather than trust a mix.
            scan = try SourceScan(directory: directory, cache: [:])
            return
        }
        scan = try SourceScan(directory: directory, cache: cache.entries)
    }

    /// Compiles again the files whose cached objects are gone (gc after a
    /// reset); what HEAD's snapshot names is stored.
    private func compileAgainUnstored(_ scan: inout SourceScan) throws(RepositoryError) {
        let known: Set<FunctionHash> = if let head = try? head() { try blobHashes(tree: try commit(head).tree) } else { [] }
        func stored(_ hash: FunctionHash) -> Bool { known.contains(hash) || objects.contains(hash) }
        scan.compileAgain { entry in
            !(stored(entry.source) && stored(entry.chunk) && entry.functions.allSatisfy { stored($0.hash) }
              && entry.closures.allSatisfy(stored))
        }
    }
}

extension CompiledSources {
    /// The sources of `scan`, nothing added yet.
    init(_ scan: SourceScan, cacheKey: String) {
        self.init(scriptSet: ScriptSet(compiler: Compiler.identity), compiledFiles: scan.stale.map(\.file), cacheKey: cacheKey)
        removedFromCache = scan.removed
    }

    /// Compiles the stale files of `scan` (on every core) and adds them in
    /// path order; a file that fails adds its diagnostics instead.
    /// `progress` is told how many are done.
    mutating func compileStale(of scan: SourceScan, definedAt: inout [String: SourcePlace], diagnostics: inout [String],
                               progress: ((Int, Int) -> Void)?) throws(RepositoryError) {
        let outcomes = try scan.compileStale()
        for (index, compiled) in outcomes.enumerated() {
            progress?(index, outcomes.count)
            switch compiled.outcome {
            case let .success(file):
                add(file, source: compiled.source, status: scan.stale[index].status, definedAt: &definedAt, diagnostics: &diagnostics)
            case let .failure(error):
                diagnostics += error.diagnostics.map { $0.rendered(source: compiled.source) }
            }
        }
        progress?(outcomes.count, outcomes.count)
    }

    mutating func reuse(_ entry: SourceCacheEntry, definedAt: inout [String: SourcePlace], diagnostics: inout [String]) {
        scriptSet.storedSources[entry.path] = entry.source
        scriptSet.storedChunks[entry.path] = entry.chunk
        scriptSet.storedClosures.formUnion(entry.closures)
        scriptSet.storedPermissions += entry.permissions
        for function in entry.functions {
            guard define(function.name, at: SourcePlace(path: entry.path, line: function.line, column: function.column),
                         &definedAt, &diagnostics) else { continue }
            scriptSet.storedFunctions[function.name] = function.hash
        }
    }

    mutating func add(_ compiled: CompiledFile, source: [UInt8], status: (size: Int64, modified: Int64, inode: Int64)?,
                      definedAt: inout [String: SourcePlace], diagnostics: inout [String]) {
        let path = compiled.path
        scriptSet.sources[path] = source
        scriptSet.chunks[path] = compiled.chunk
        scriptSet.closures += compiled.closures
        var named: [(name: String, line: Int, column: Int)] = []
        for function in compiled.functions {
            let place = SourcePlace(path: path, line: function.position.line, column: function.position.column)
            guard define(function.name, at: place, &definedAt, &diagnostics) else { continue }
            scriptSet.functions[function.name] = function.blob
            named.append((function.name, function.position.line, function.position.column))
        }
        guard let status, !cacheKey.isEmpty else { return }
        let permissions = Set(([compiled.chunk] + compiled.functions.map(\.blob) + compiled.closures).flatMap(\.permissions))
        // The code generator hashed every nested closure already.
        compiledForCache.append(CompiledForCache(
            path: path, status: status, functions: named, closures: compiled.closureLines.keys.sorted(),
            permissions: permissions.sorted()))
    }

    /// Records where `name` is defined; reports a second definition.
    private func define(_ name: String, at place: SourcePlace, _ definedAt: inout [String: SourcePlace], _ diagnostics: inout [String]) -> Bool {
        if let earlier = definedAt[name] {
            diagnostics.append("\(place): function '\(name)' is also defined at \(earlier)")
            return false
        }
        definedAt[name] = place
        return true
    }
}

/// Where a function is defined; made into text only for a diagnostic, so
/// that a commit of 10,000 cached functions formats none.
struct SourcePlace: CustomStringConvertible {
    var path: String
    var line: Int
    var column: Int
    var description: String { "\(path):\(line):\(column)" }
}
