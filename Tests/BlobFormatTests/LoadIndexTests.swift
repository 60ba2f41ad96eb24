import BlobFormat
import Testing

@Suite struct LoadIndexTests {
    let tree = GitObject(kind: .tree, payload: []).hash
    func hash(_ text: String) -> FunctionHash { GitObject(kind: .blob, payload: Array(text.utf8)).hash }

    func sample() -> [UInt8] {
        LoadIndex.encode(
            tree: tree,
            files: [
                .init(path: "b.lua", chunk: hash("chunk b"), source: hash("src b"), declares: ["beta", "shared", "beta"], makes: ["beta"]),
                .init(path: "a.lua", chunk: hash("chunk a"), source: hash("src a"), declares: nil, makes: []),
                .init(path: "net/http.lua", chunk: hash("chunk http"), source: nil, declares: ["get", "VERSION"],
                      makes: ["get", "net.http::h"]),
                .init(path: "c.lua", chunk: hash("chunk c"), source: nil, declares: ["shared"], makes: []),
            ],
            functions: ["beta": hash("fn beta"), "get": hash("fn get"), "net.http::h": hash("fn h"), "orphan": hash("fn o")])
    }

    @Test func filesRunInPathOrderAndOnlyUnsharedDeclarationsAreLazy() throws {
        let index = try LoadIndex(decoding: sample(), tree: tree)
        #expect(index.files.map(\.path) == ["a.lua", "b.lua", "c.lua", "net/http.lua"])
        #expect(index.files.map(\.lazy) == [false, false, false, true])
        #expect(index.files.map(\.declarative) == [false, true, true, true])
        #expect(index.files[0].source == hash("src a"))
        #expect(index.files[1].source == hash("src b"))
        #expect(index.files[2].source == nil)
        #expect(index.files[3].chunk == hash("chunk http"))
    }

    @Test func lookupsFindFunctionsAndTheLazyFileOfAGlobal() throws {
        let index = try LoadIndex(decoding: sample(), tree: tree)
        #expect(index.functionCount == 4)
        #expect(index.function(named: "get")?.hash == hash("fn get"))
        #expect(index.function(named: "get")?.file == 3)
        #expect(index.function(named: "orphan")?.file == nil)
        #expect(index.function(named: "beta")?.file == 1)
        #expect(index.function(named: "net.http::h")?.file == 3)
        #expect(index.function(named: "gets") == nil)
        #expect(index.function(named: "") == nil)
        #expect(index.lazyFileAssigning(global: Array("VERSION".utf8)) == 3)
        #expect(index.lazyFileAssigning(global: Array("get".utf8)) == 3)
        // Assigned by two files, or by a file that is not lazy: no lazy file.
        #expect(index.lazyFileAssigning(global: Array("shared".utf8)) == nil)
        #expect(index.lazyFileAssigning(global: Array("beta".utf8)) == nil)
        #expect(index.lazyFileAssigning(global: Array("missing".utf8)) == nil)
        #expect(index.functions.map(\.name) == ["beta", "get", "net.http::h", "orphan"])
        for (position, file) in index.files.enumerated() { #expect(index.fileIndex(path: file.path) == position) }
        #expect(index.fileIndex(path: "net") == nil)
        #expect(index.fileIndex(path: "d.lua") == nil)
        #expect(index.fileIndex(path: "") == nil)
    }

    @Test func summariesGiveBackWhatEachChunkDeclaresAndMakes() throws {
        let summaries = try LoadIndex(decoding: sample(), tree: tree).chunkSummaries
        #expect(summaries[hash("chunk a")]?.declares == nil)
        #expect(summaries[hash("chunk b")]?.declares?.sorted() == ["beta", "shared"])
        #expect(summaries[hash("chunk http")]?.declares?.sorted() == ["VERSION", "get"])
        #expect(summaries[hash("chunk http")]?.makes.sorted() == ["get", "net.http::h"])
        #expect(summaries[hash("chunk c")]?.makes == [])
    }

    @Test func aPatchedIndexIsTheIndexEncodedAfresh() throws {
        let other = GitObject(kind: .tree, payload: Array("x".utf8)).hash
        let index = try LoadIndex(decoding: sample(), tree: tree)
        // b.lua (position 1) gets a new chunk that declares and makes the same; two functions change.
        let patched = try #require(index.patched(tree: other, files: [(1, hash("chunk b2"), nil)],
                                                  functions: [("get", hash("fn get 2")), ("orphan", hash("fn o 2"))]))
        let fresh = LoadIndex.encode(
            tree: other,
            files: [
                .init(path: "b.lua", chunk: hash("chunk b2"), source: nil, declares: ["beta", "shared", "beta"], makes: ["beta"]),
                .init(path: "a.lua", chunk: hash("chunk a"), source: hash("src a"), declares: nil, makes: []),
                .init(path: "net/http.lua", chunk: hash("chunk http"), source: nil, declares: ["get", "VERSION"],
                      makes: ["get", "net.http::h"]),
                .init(path: "c.lua", chunk: hash("chunk c"), source: nil, declares: ["shared"], makes: []),
            ],
            functions: ["beta": hash("fn beta"), "get": hash("fn get 2"), "net.http::h": hash("fn h"), "orphan": hash("fn o 2")])
        #expect(patched == fresh)
        #expect(index.patches(tree: other, files: [], functions: [("nosuch", hash("n"))]) == nil)
        #expect(index.patches(tree: other, files: [(4, hash("c"), nil)], functions: []) == nil)
    }

    @Test func aStoredPatchReadsAsTheIndexEncodedAfresh() throws {
        let other = GitObject(kind: .tree, payload: Array("x".utf8)).hash
        let base = sample()
        let index = try LoadIndex(decoding: base, tree: tree)
        let changes = try #require(index.patches(tree: other, files: [(1, hash("chunk b2"), nil)],
                                                 functions: [("get", hash("fn get 2"))]))
        let patch = LoadIndex.encodePatch(tree: other, base: tree,
                                          patches: changes.map { ($0.offset, FunctionHash(bytes: $0.bytes)!) })
        #expect(patch.count == 80 + 3 * 36)  // chunk, source, one function; the tree is in the header
        let read = try patch.withUnsafeBytes { try LoadIndex(patch: $0, base: ByteRegion(base), tree: other) }
        #expect(read.tree == other && read.baseTree == tree)
        #expect(read.bytes == index.patched(tree: other, files: [(1, hash("chunk b2"), nil)], functions: [("get", hash("fn get 2"))]))
        #expect(read.function(named: "get")?.hash == hash("fn get 2"))
        #expect(read.function(named: "beta")?.hash == hash("fn beta"))
        #expect(read.files[1].chunk == hash("chunk b2") && read.files[1].source == nil)
        // The base's file records, taken over, are those of the patched bytes.
        #expect(read.files == (try LoadIndex(decoding: read.bytes, tree: other)).files)
        #expect(read.overlayHashes.count == 4)
        #expect(patch.withUnsafeBytes { LoadIndex.patchTrees($0)?.base } == tree)
        #expect(base.withUnsafeBytes { LoadIndex.patchTrees($0) } == nil)
    }

    @Test func aPatchOfAnotherSnapshotOrOverAnythingButAHashIsRejected() throws {
        let other = GitObject(kind: .tree, payload: Array("x".utf8)).hash
        let base = ByteRegion(sample())
        func read(_ patch: [UInt8], tree: FunctionHash? = nil) throws {
            _ = try patch.withUnsafeBytes { try LoadIndex(patch: $0, base: base, tree: tree ?? other) }
        }
        let good = LoadIndex.encodePatch(tree: other, base: tree, patches: [(60 + 73 + 32, hash("s"))])
        try read(good)
        #expect(throws: FormatError.self) { try read(good, tree: hash("third")) }
        #expect(throws: FormatError.self) { try read(Array(good.dropLast())) }
        // The base must be the full index of the tree the patch names.
        #expect(throws: FormatError.self) {
            try LoadIndex.encodePatch(tree: other, base: hash("b"), patches: []).withUnsafeBytes {
                _ = try LoadIndex(patch: $0, base: base, tree: other)
            }
        }
        // A count, a name's offset, a byte inside a hash: not hash fields.
        for offset in [44, 60 + 64, 60 + 1, 60 + 4 * 73] {
            #expect(throws: FormatError.self) { try read(LoadIndex.encodePatch(tree: other, base: tree, patches: [(offset, hash("x"))])) }
        }
        // One field twice.
        var twice = LoadIndex.encodePatch(tree: other, base: tree, patches: [(60, hash("a")), (60 + 32, hash("b"))])
        twice[80 + 36 + 3] = 60
        #expect(throws: FormatError.self) { try read(twice) }
    }

    @Test func theEncodingIsDeterministic() {
        #expect(sample() == sample())
    }

    @Test func anIndexOfAnotherSnapshotOrADamagedOneIsRejected() {
        #expect(throws: FormatError.self) { try LoadIndex(decoding: sample(), tree: hash("other")) }
        #expect(throws: FormatError.self) { try LoadIndex(decoding: Array(sample().dropLast()), tree: tree) }
        #expect(throws: FormatError.self) { try LoadIndex(decoding: [], tree: tree) }
        var version = sample()
        version[11] = 9
        #expect(throws: FormatError.self) { try LoadIndex(decoding: version, tree: tree) }
    }

    @Test func damagedIndexesAreRejectedOrReadNeverCrash() {
        for mutated in MutationTests().mutations(of: sample(), count: 5000, seed: 11) {
            guard let index = try? LoadIndex(decoding: mutated, tree: tree) else { continue }
            _ = index.function(named: "get")
            _ = index.lazyFileAssigning(global: Array("VERSION".utf8))
            _ = index.functions
            _ = index.chunkSummaries
        }
    }
}
