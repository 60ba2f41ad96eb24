/// What a loader needs to bring a snapshot into a VM without reading the
/// whole snapshot: its files in path order (chunk, source, whether the
/// chunk may run lazily), every named function's blob and the file that
/// makes it, and which lazily run file assigns each global.
///
/// It is derived data, a cache kept next to the objects (like git's
/// commit-graph), never part of a snapshot: any index can be rebuilt from
/// the snapshot it names. Lookups search the encoded bytes in place, so
/// opening an index of 100,000 functions costs one read, not 100,000
/// strings.
///
/// Layout (integers are big-endian 32-bit words, `hash` is 32 bytes):
///
///     "BLOBLOAD" version tree:hash
///     fileCount functionCount globalCount poolSize
///     fileCount     × chunk:hash source:hash kind:byte pathOffset pathLength
///     functionCount × nameOffset nameLength blob:hash file     (sorted by name bytes)
///     globalCount   × nameOffset nameLength file               (sorted by name bytes, then file)
///     pool          (the bytes of every path and name)
///
/// A file's kind is 0 when its chunk may do anything (it runs in place),
/// 1 when it only assigns globals that no other file assigns (it may run
/// lazily), 2 when it only assigns globals but shares one with another
/// file (it runs in place, so that the last assignment wins as it would).
/// The global records name what every file of kind 1 or 2 assigns.
///
/// The index of a snapshot that differs from an indexed one only in blobs
/// (the common commit: function bodies edited) may be stored as a patch
/// instead, the new hashes over that full index (its base):
///
///     "BLOBLOAP" version tree:hash base:hash count
///     count × offset hash:hash                       (ascending offsets)
///
/// Each offset is that of a hash field of the base (a file's chunk or
/// source, a function's blob); the tree field takes `tree`. A patch is a
/// few kilobytes where the full index of 10,000 functions is 840 kB.
public struct LoadIndex: Equatable, Sendable {
    /// One source file of the snapshot.
    public struct File: Hashable, Sendable {
        public var path: String
        public var chunk: FunctionHash
        public var source: FunctionHash?
        /// Whether the chunk only assigns globals (``FunctionBlob/declaredGlobals``).
        public var declarative: Bool
        /// Whether it is declarative and no other file assigns its globals,
        /// so that running it may wait.
        public var lazy: Bool

        public init(path: String, chunk: FunctionHash, source: FunctionHash?, declarative: Bool, lazy: Bool) {
            self.path = path
            self.chunk = chunk
            self.source = source
            self.declarative = declarative
            self.lazy = lazy
        }
    }

    /// The snapshot (root tree) indexed.
    public let tree: FunctionHash
    /// The files in path order (by bytes), the order chunks run in.
    public let files: [File]
    public let functionCount: Int
    /// The full index this one reads: itself, or the base of its patch.
    private let region: ByteRegion
    /// The hashes a patch puts over `region`, by offset (empty for a full
    /// index); every hash is read through ``hash(_:)``.
    private let overlay: [Int: FunctionHash]
    private let functionsStart: Int
    private let globalsStart: Int
    private let globalCount: Int
    private let poolStart: Int
    private let poolSize: Int

    static let magic = Array("BLOBLOAD".utf8)
    static let patchMagic = Array("BLOBLOAP".utf8)
    static let version: UInt32 = 1
    private static let patchHeaderSize = 8 + 4 + 32 + 32 + 4
    private static let patchRecord = 4 + 32
    private static let fileRecord = 32 + 32 + 1 + 8
    private static let functionRecord = 8 + 32 + 4
    private static let globalRecord = 8 + 4
    private static let headerSize = 8 + 4 + 32 + 16
    private static let noFile = UInt32.max

    public static func == (a: LoadIndex, b: LoadIndex) -> Bool {
        a.tree == b.tree && a.bytes == b.bytes
    }

    /// What the index records of one file, as a commit knows it.
    public struct FileInput: Sendable {
        public var path: String
        public var chunk: FunctionHash
        public var source: FunctionHash?
        /// The globals its chunk declares; nil when it is not declarative.
        public var declares: [String]?
        /// The named functions its chunk makes.
        public var makes: [String]

        public init(path: String, chunk: FunctionHash, source: FunctionHash?, declares: [String]?, makes: [String]) {
            self.path = path
            self.chunk = chunk
            self.source = source
            self.declares = declares
            self.makes = makes
        }
    }

    /// The index of the snapshot `tree` with `files` and the named
    /// `functions`. Every table is built by sorting name bytes once and
    /// merging, without hashing a name.
    public static func encode(tree: FunctionHash, files unordered: [FileInput], functions: [String: FunctionHash]) -> [UInt8] {
        let files = ByteOrder.sorted(unordered, name: \.path)
        // Who declares each global, by name then by file (files are taken in
        // order and the sort keeps the order of equal names).
        let declarations = ByteOrder.sorted(files.indices.flatMap { file in
            Set(files[file].declares ?? []).map { (name: $0, file: file) }
        }, name: \.name)
        // A global assigned by two files keeps both files eager: which value
        // wins then depends on the order they run in.
        var lazy = files.map { $0.declares != nil }
        var start = 0
        while start < declarations.count {
            var end = start + 1
            while end < declarations.count, declarations[end].name == declarations[start].name { end += 1 }
            if end - start > 1 { for index in start..<end { lazy[declarations[index].file] = false } }
            start = end
        }
        let named = ByteOrder.sorted(Array(functions), name: \.key)
        let makers = ByteOrder.sorted(files.indices.flatMap { file in files[file].makes.map { (name: $0, file: file) } }, name: \.name)

        var pool: [UInt8] = []
        func pooled(_ text: String) -> (UInt32, UInt32) {
            let start = pool.count
            pool.append(contentsOf: text.utf8)
            return (UInt32(start), UInt32(pool.count - start))
        }
        var writer = ByteWriter()
        writer.raw(magic)
        writer.fixed32(version)
        writer.hash(tree)
        for count in [files.count, named.count, declarations.count] { writer.fixed32(UInt32(count)) }
        let poolSizeAt = writer.bytes.count
        writer.fixed32(0)
        for (index, file) in files.enumerated() {
            writer.hash(file.chunk)
            writer.hash(file.source ?? FunctionHash.zero)
            writer.byte(lazy[index] ? 1 : file.declares == nil ? 0 : 2)
            let (offset, length) = pooled(file.path)
            writer.fixed32(offset)
            writer.fixed32(length)
        }
        // Both lists are in name order: the maker of each function is found
        // by walking them together.
        var maker = 0
        for (name, hash) in named {
            while maker < makers.count, ByteOrder.precedes(makers[maker].name, name) { maker += 1 }
            let (offset, length) = pooled(name)
            writer.fixed32(offset)
            writer.fixed32(length)
            writer.hash(hash)
            writer.fixed32(maker < makers.count && makers[maker].name == name ? UInt32(makers[maker].file) : noFile)
        }
        for (name, file) in declarations {
            let (offset, length) = pooled(name)
            writer.fixed32(offset)
            writer.fixed32(length)
            writer.fixed32(UInt32(file))
        }
        writer.raw(pool)
        var bytes = writer.bytes
        let size = UInt32(pool.count)
        for index in 0..<4 { bytes[poolSizeAt + index] = UInt8(truncatingIfNeeded: size >> UInt32(24 - 8 * index)) }
        return bytes
    }

    /// The bytes of the full index this one reads (itself, or the base of
    /// its patch); valid while the index is.
    public var baseBytes: UnsafeRawBufferPointer { region.bytes }

    /// The tree of ``baseBytes``: ``tree`` for a full index.
    public var baseTree: FunctionHash { Self.hash(region.bytes, 12) }

    /// What a patch puts over ``baseBytes``, in offset order (the tree
    /// field included); empty for a full index.
    public var overlayHashes: [(offset: Int, hash: FunctionHash)] {
        overlay.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The hashes a stored patch over ``baseBytes`` holds for this index
    /// with `patches` (from ``patches(tree:files:functions:)``) applied
    /// too, in offset order; a hash the base has already is left out.
    public func overlay(adding patches: [(offset: Int, bytes: [UInt8])]) -> [(offset: Int, hash: FunctionHash)] {
        var merged = overlay
        for patch in patches { merged[patch.offset] = FunctionHash(bytes: patch.bytes) }
        return merged.filter { $0.value != Self.hash(region.bytes, $0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The full index's bytes: ``baseBytes`` with the overlay applied,
    /// what ``encode(tree:files:functions:)`` makes of the same snapshot.
    public var bytes: [UInt8] {
        var bytes = [UInt8](region.bytes)
        for (offset, hash) in overlay { bytes.replaceSubrange(offset..<(offset + FunctionHash.byteCount), with: hash.bytes) }
        return bytes
    }

    /// Whether `offset` is that of a hash field of this index's layout:
    /// the tree, a file's chunk or source, a function's blob.
    private func isHashField(_ offset: Int) -> Bool {
        if offset == 12 { return true }
        if offset >= Self.headerSize, offset < functionsStart {
            return [0, 32].contains((offset - Self.headerSize) % Self.fileRecord)
        }
        if offset >= functionsStart, offset < globalsStart { return (offset - functionsStart) % Self.functionRecord == 8 }
        return false
    }

    /// A stored patch: the index of `tree` as `patches` (offsets of hash
    /// fields, each at most once) over the full index of `base`.
    public static func encodePatch(tree: FunctionHash, base: FunctionHash, patches: [(offset: Int, hash: FunctionHash)]) -> [UInt8] {
        let records = patches.filter { $0.offset != 12 }.sorted { $0.offset < $1.offset }
        var writer = ByteWriter()
        writer.raw(patchMagic)
        writer.fixed32(version)
        writer.hash(tree)
        writer.hash(base)
        writer.fixed32(UInt32(records.count))
        for record in records {
            writer.fixed32(UInt32(record.offset))
            writer.hash(record.hash)
        }
        return writer.bytes
    }

    /// Whether `bytes` start as a stored patch does.
    public static func isPatch(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 8 && bytes.prefix(8).elementsEqual(patchMagic)
    }

    /// The snapshot a stored patch indexes and the tree of its base; nil
    /// when `bytes` are not a patch's header.
    public static func patchTrees(_ bytes: UnsafeRawBufferPointer) -> (tree: FunctionHash, base: FunctionHash)? {
        guard isPatch(bytes), bytes.count >= patchHeaderSize, word(bytes, 8) == version else { return nil }
        return (hash(bytes, 12), hash(bytes, 44))
    }

    /// The index of `expected` stored as `patch` over the full index
    /// `base`: both are checked as ``init(region:tree:)`` checks an index,
    /// and every patched offset must be a hash field of the base.
    public init(patch: UnsafeRawBufferPointer, base: ByteRegion, tree expected: FunctionHash) throws(FormatError) {
        func fail(_ why: String) -> FormatError { .malformed("load index patch", why) }
        guard let trees = Self.patchTrees(patch) else { throw fail("not a load index patch of a known version") }
        guard trees.tree == expected else { throw fail("it indexes another snapshot") }
        let count = Int(Self.word(patch, Self.patchHeaderSize - 4))
        guard patch.count == Self.patchHeaderSize + count * Self.patchRecord else { throw fail("its size does not match its count") }
        let full = try LoadIndex(region: base, tree: trees.base)
        var overlay: [Int: FunctionHash] = [12: expected]
        for index in 0..<count {
            let at = Self.patchHeaderSize + index * Self.patchRecord
            let offset = Int(Self.word(patch, at))
            guard full.isHashField(offset), overlay[offset] == nil else { throw fail("record \(index) is not a hash of the base") }
            overlay[offset] = Self.hash(patch, at + 4)
        }
        self.init(full, tree: expected, overlay: overlay)
    }

    /// The full index `full` with `overlay`'s hashes read instead of its
    /// own, as the index of `tree`: its file records, checked and decoded
    /// already, are taken over with the chunks and sources the overlay
    /// replaces (a commit reads its parent's index this way; decoding the
    /// records twice was a tenth of a millisecond).
    private init(_ full: LoadIndex, tree: FunctionHash, overlay: [Int: FunctionHash]) {
        var files = full.files
        for (offset, hash) in overlay where offset >= Self.headerSize && offset < full.functionsStart {
            let index = (offset - Self.headerSize) / Self.fileRecord
            if (offset - Self.headerSize) % Self.fileRecord == 0 {
                files[index].chunk = hash
            } else {
                files[index].source = hash == .zero ? nil : hash
            }
        }
        self.tree = tree
        self.files = files
        functionCount = full.functionCount
        region = full.region
        self.overlay = overlay
        functionsStart = full.functionsStart
        globalsStart = full.globalsStart
        globalCount = full.globalCount
        poolStart = full.poolStart
        poolSize = full.poolSize
    }

    /// The writes that turn this index into the index of the snapshot
    /// `tree`, which differs from the indexed one only in blobs: the files
    /// at the given positions have new chunk and source blobs (their chunks
    /// declaring and making what the old ones did), the named functions new
    /// hashes. Each write is an offset into ``encoded`` and the bytes to put
    /// there; every other byte stays. Nil when a position or a name is not
    /// in the index. One search per change, where
    /// ``encode(tree:files:functions:)`` sorts every name.
    public func patches(tree: FunctionHash, files changedFiles: [(index: Int, chunk: FunctionHash, source: FunctionHash?)],
                        functions changedFunctions: [(name: String, hash: FunctionHash)]) -> [(offset: Int, bytes: [UInt8])]? {
        var patches: [(offset: Int, bytes: [UInt8])] = [(12, tree.bytes)]
        for file in changedFiles {
            guard file.index < files.count else { return nil }
            let at = Self.headerSize + file.index * Self.fileRecord
            patches.append((at, file.chunk.bytes))
            patches.append((at + 32, (file.source ?? .zero).bytes))
        }
        for function in changedFunctions {
            var name = function.name
            guard let at = name.withUTF8({ search(UnsafeRawBufferPointer($0), start: functionsStart, count: functionCount,
                                                  stride: Self.functionRecord) }) else { return nil }
            patches.append((at + 8, function.hash.bytes))
        }
        return patches
    }

    /// This index with ``patches(tree:files:functions:)`` applied.
    public func patched(tree: FunctionHash, files changedFiles: [(index: Int, chunk: FunctionHash, source: FunctionHash?)],
                        functions changedFunctions: [(name: String, hash: FunctionHash)]) -> [UInt8]? {
        guard let patches = patches(tree: tree, files: changedFiles, functions: changedFunctions) else { return nil }
        var bytes = self.bytes
        for patch in patches { bytes.replaceSubrange(patch.offset..<(patch.offset + patch.bytes.count), with: patch.bytes) }
        return bytes
    }

    /// Reads an index and checks that its header, counts and file records
    /// are sound; throws for anything else, including an index of another
    /// tree. Function and global records are checked when a lookup reads
    /// them, so that opening an index reads only its file records.
    public init(decoding bytes: [UInt8], tree expected: FunctionHash) throws(FormatError) {
        try self.init(region: ByteRegion(bytes), tree: expected)
    }

    /// ``init(decoding:tree:)`` over bytes in place (a mapped file).
    public init(region: ByteRegion, tree expected: FunctionHash) throws(FormatError) {
        try self.init(region: region, tree: expected, overlay: [:])
    }

    /// An index over the full index in `region`, with `overlay`'s hashes
    /// (whose offsets are hash fields) read instead of the region's.
    private init(region: ByteRegion, tree expected: FunctionHash, overlay: [Int: FunctionHash]) throws(FormatError) {
        func fail(_ why: String) -> FormatError { .malformed("load index", why) }
        let bytes = region.bytes
        func hash(_ at: Int) -> FunctionHash { overlay[at] ?? Self.hash(bytes, at) }
        guard bytes.count >= Self.headerSize, bytes.prefix(8).elementsEqual(Self.magic) else { throw fail("not a load index") }
        guard Self.word(bytes, 8) == Self.version else { throw fail("version \(Self.word(bytes, 8)) is not supported") }
        guard hash(12) == expected else { throw fail("it indexes another snapshot") }
        let fileCount = Int(Self.word(bytes, 44)), functionCount = Int(Self.word(bytes, 48))
        let globalCount = Int(Self.word(bytes, 52)), poolSize = Int(Self.word(bytes, 56))
        let functionsStart = Self.headerSize + fileCount * Self.fileRecord
        let globalsStart = functionsStart + functionCount * Self.functionRecord
        let poolStart = globalsStart + globalCount * Self.globalRecord
        guard poolStart + poolSize == bytes.count else { throw fail("its size does not match its counts") }
        var files: [File] = []
        files.reserveCapacity(fileCount)
        for index in 0..<fileCount {
            let at = Self.headerSize + index * Self.fileRecord
            let kind = bytes[at + 64]
            let offset = Int(Self.word(bytes, at + 65)), length = Int(Self.word(bytes, at + 69))
            guard kind <= 2, offset <= poolSize, length <= poolSize - offset else { throw fail("file record \(index) is damaged") }
            let source = hash(at + 32)
            files.append(File(path: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(poolStart + offset)...].prefix(length)), as: UTF8.self),
                              chunk: hash(at), source: source == .zero ? nil : source,
                              declarative: kind != 0, lazy: kind == 1))
        }
        self.tree = expected
        self.files = files
        self.functionCount = functionCount
        self.region = region
        self.overlay = overlay
        self.functionsStart = functionsStart
        self.globalsStart = globalsStart
        self.globalCount = globalCount
        self.poolStart = poolStart
        self.poolSize = poolSize
    }

    /// The blob of the named function `name` and the position in ``files``
    /// of the file that makes it.
    public func function(named name: String) -> (hash: FunctionHash, file: Int?)? {
        var name = name
        return name.withUTF8 { function(named: UnsafeRawBufferPointer($0)) }
    }

    /// The position in ``files`` of the file at `path`: a binary search of
    /// the file records, which are in path order.
    public func fileIndex(path: String) -> Int? {
        var path = path
        return path.withUTF8 { key -> Int? in
            guard let at = search(UnsafeRawBufferPointer(key), start: Self.headerSize + 65, count: files.count,
                                  stride: Self.fileRecord) else { return nil }
            return (at - Self.headerSize - 65) / Self.fileRecord
        }
    }

    /// ``function(named:)`` for a name given as bytes.
    public func function(named name: UnsafeRawBufferPointer) -> (hash: FunctionHash, file: Int?)? {
        guard let at = search(name, start: functionsStart, count: functionCount, stride: Self.functionRecord) else { return nil }
        return (hash(at + 8), file(at + 40))
    }

    /// The position in ``files`` of the lazy file that assigns the global `name`.
    public func lazyFileAssigning(global name: [UInt8]) -> Int? {
        name.withUnsafeBytes { lazyFileAssigning(global: $0) }
    }

    /// ``lazyFileAssigning(global:)`` for a name given in place.
    public func lazyFileAssigning(global name: UnsafeRawBufferPointer) -> Int? {
        guard let at = search(name, start: globalsStart, count: globalCount, stride: Self.globalRecord),
              let file = file(at + 8) else { return nil }
        return files[file].lazy ? file : nil
    }

    /// For each chunk blob of the snapshot: the globals it declares (nil
    /// when it is not declarative) and the named functions it makes; what
    /// ``encode(tree:files:functions:)`` needs to index a
    /// later snapshot that keeps the chunk.
    public var chunkSummaries: [FunctionHash: (declares: [String]?, makes: [String])] {
        var summaries: [FunctionHash: (declares: [String]?, makes: [String])] = [:]
        for file in files { summaries[file.chunk] = (file.declarative ? [] : nil, []) }
        for index in 0..<globalCount {
            let at = globalsStart + index * Self.globalRecord
            guard let file = file(at + 8) else { continue }
            summaries[files[file].chunk]?.declares?.append(String(decoding: name(at), as: UTF8.self))
        }
        for function in functions {
            if let file = function.file { summaries[files[file].chunk]?.makes.append(function.name) }
        }
        return summaries
    }

    /// Every named function with its blob and the file that makes it, in
    /// name order.
    public var functions: [(name: String, hash: FunctionHash, file: Int?)] {
        (0..<functionCount).map { index in
            let at = functionsStart + index * Self.functionRecord
            return (String(decoding: name(at), as: UTF8.self), hash(at + 8), file(at + 40))
        }
    }

    /// The hash field at `at`: the overlay's, else the region's.
    private func hash(_ at: Int) -> FunctionHash {
        if !overlay.isEmpty, let patched = overlay[at] { return patched }
        return Self.hash(region.bytes, at)
    }

    /// The file a record names at `at`, when it is one of ``files``.
    private func file(_ at: Int) -> Int? {
        let file = Self.word(region.bytes, at)
        return file != Self.noFile && Int(file) < files.count ? Int(file) : nil
    }

    /// The name a record starts with; empty when the record is damaged.
    private func name(_ record: Int) -> UnsafeRawBufferPointer {
        let offset = Int(Self.word(region.bytes, record)), length = Int(Self.word(region.bytes, record + 4))
        guard offset <= poolSize, length <= poolSize - offset else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: region.bytes[(poolStart + offset)..<(poolStart + offset + length)])
    }

    /// Binary search of sorted records whose first two words name a string
    /// in the pool; the offset of the record whose name is `key`.
    private func search(_ key: UnsafeRawBufferPointer, start: Int, count: Int, stride: Int) -> Int? {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            let at = start + middle * stride
            let order = ByteOrder.compare(name(at), key)
            if order == 0 { return at }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private static func word(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> FunctionHash {
        FunctionHash(bytes: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + FunctionHash.byteCount)]))!
    }
}
