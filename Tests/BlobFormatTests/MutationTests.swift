import BlobFormat
import Testing

/// Corrupt input must be rejected or decoded, never crash: every decoder is
/// fed thousands of mutations of valid encodings.
@Suite struct MutationTests {
    func mutations(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SeededGenerator(state: seed)
        return (0..<count).map { _ in
            var copy = bytes
            for _ in 0..<(1 + Int(random.next() % 4)) {
                guard !copy.isEmpty else { break }
                let index = Int(random.next() % UInt64(copy.count))
                switch random.next() % 4 {
                case 0: copy[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
                case 1: copy.remove(at: index)
                case 2: copy.insert(UInt8(truncatingIfNeeded: random.next()), at: index)
                default: copy = Array(copy.prefix(index))
                }
            }
            return copy
        }
    }

    @Test func functionBlobDecodingNeverCrashes() {
        var random = SeededGenerator(state: 7)
        for _ in 0..<40 {
            let blob = BlobGenerator.blob(&random)
            for mutated in mutations(of: blob.encoded(), count: 100, seed: random.next()) {
                if let decoded = try? FunctionBlob(decoding: mutated) {
                    // Whatever decodes is canonical: it encodes back to the same bytes.
                    #expect(decoded.encoded() == mutated)
                    _ = try? Verifier.verify(decoded)
                }
            }
        }
    }

    @Test func treeCommitAndMetaDecodingNeverCrash() throws {
        let hash = GitObject(kind: .blob, payload: [1]).hash
        let tree = try Tree(entries: [
            TreeEntry(mode: .file, name: "a", hash: hash), TreeEntry(mode: .tree, name: "b", hash: hash),
            TreeEntry(mode: .executable, name: "Account:deposit", hash: hash),
        ])
        let commit = Commit(tree: hash, parents: [hash], author: Signature(name: "A", email: "a@b", time: 1, timezoneMinutes: 60),
                            committer: Signature(name: "B", email: "b@c", time: 2, timezoneMinutes: -90), message: "m\n")
        let meta = SnapshotMeta(compiler: "c 1", holds: ["f": .init(held: hash, replaced: nil)], permissions: ["fs"])
        for mutated in mutations(of: tree.encoded(), count: 3000, seed: 1) {
            if let decoded = try? Tree(decoding: mutated) { #expect(decoded.encoded() == mutated) }
        }
        for mutated in mutations(of: commit.encoded(), count: 3000, seed: 2) {
            _ = try? Commit(decoding: mutated)
        }
        for mutated in mutations(of: meta.encoded(), count: 3000, seed: 3) {
            if let decoded = try? SnapshotMeta(decoding: mutated) { #expect(decoded.encoded() == mutated) }
        }
        for mutated in mutations(of: GitObject(kind: .commit, payload: commit.encoded()).framed, count: 3000, seed: 4) {
            _ = try? GitObject(framed: mutated)
        }
    }
}
