import BlobFormat
import Foundation
@testable import LuaCompiler
import Testing

/// Broken source must give diagnostics, never a crash: the corpus is
/// mutated byte by byte and token by token.
@Suite struct FuzzTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    static let pieces = ["function", "end", "(", ")", "{", "}", "[", "]", "local", "=", "==", "..", "...", "return", "if",
                         "then", "else", "for", "in", "do", "while", "repeat", "until", "\"", "'", "[[", "]]", "--", "0x",
                         "1e", ".", ":", "::", "goto", "break", "<const>", "<close>", "\\", "\n", "x", "nil", "not", "#", "~"]

    @Test(arguments: Fixtures.files("compiler/syntax") + Fixtures.files("compiler/errors"))
    func mutatedSourcesNeverCrash(_ file: URL) {
        let source = Fixtures.bytes(file)
        var random = Generator(state: UInt64(source.count))
        for _ in 0..<300 {
            var mutated = source
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let index = Int(random.next() % UInt64(max(mutated.count, 1)))
                switch random.next() % 3 {
                case 0 where !mutated.isEmpty: mutated.remove(at: index)
                case 1: mutated.insert(contentsOf: Array(Self.pieces[Int(random.next() % UInt64(Self.pieces.count))].utf8), at: min(index, mutated.count))
                default: if !mutated.isEmpty { mutated[index] = UInt8(truncatingIfNeeded: random.next()) }
                }
            }
            do {
                let compiled = try Compiler.compile(mutated, path: "fuzz.lua")
                for blob in [compiled.chunk] + compiled.functions.map(\.blob) + compiled.closures {
                    #expect(throws: Never.self) { try Verifier.verify(blob) }
                }
            } catch {
                #expect(!error.diagnostics.isEmpty)
            }
        }
    }
}
