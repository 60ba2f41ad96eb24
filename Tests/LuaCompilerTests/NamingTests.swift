import BlobFormat
import Foundation
@testable import LuaCompiler
import Testing

@Suite struct NamingTests {
    let source = """
        local M = {}
        Account = {}
        local function helper() return 1 end
        function foo() return helper() end
        function M.f() end
        function Account.new() end
        function Account:deposit(amount) return amount end
        function Account.nested.deep() end
        local cb = function() return 2 end
        function outer()
          local function inner() end
          return function() return inner end
        end
        return M
        """

    @Test func namedFunctionsFollowTheNamingRules() throws {
        let file = try compile(source, path: "net/http.lua")
        #expect(file.functions.map(\.name) == [
            "net.http::helper", "foo", "net.http::M.f", "Account.new", "Account:deposit", "Account.nested.deep", "outer",
        ])
        #expect(file.functions.first { $0.name == "Account:deposit" }?.blob.parameterNames == ["self", "amount"])
    }

    /// Hot reload patches a function in place when its file's chunk is
    /// unchanged, so the chunk must not depend on which locals a body uses.
    @Test func whichLocalsAFunctionCapturesLeavesTheChunkUnchanged() throws {
        let prefix = "local count = 0\nlocal name = 'x'\nif count then local inner = 1 end\n"
        let bodies = ["return 1", "return count", "return count, name", "count = count + 1; return name"]
        let chunks = try bodies.map { try compile(prefix + "function f() \($0) end\nreturn f()\n").chunk.hash }
        #expect(Set(chunks).count == 1)
    }

    @Test func onlyAScriptSetChunkClosesTheLocalsOfItsLoopsUncaptured() throws {
        let plain = "local s = 0\nfor i = 1, 10 do local x = i % 3; s = s + x end\nreturn s\n"
        let captured = "for i = 1, 3 do local f = function() return i end end\n"
        func closes(_ source: String, standalone: Bool) throws -> Int {
            let file = try Compiler.compile(Array(source.utf8), path: "x.lua", standalone: standalone)
            return file.chunk.instructions.map(Instruction.init(word:)).filter { $0.opcode == .close }.count
        }
        // In a script set a later version of a named function may capture
        // any of the chunk's locals; a standalone chunk closes only what a
        // closure captures, as Lua does.
        #expect(try closes(plain, standalone: true) == 0)
        #expect(try closes(plain, standalone: false) > 0)
        #expect(try closes(captured, standalone: true) > 0)
    }

    @Test func nestedFunctionsAreBlobsReferencedByHash() throws {
        let file = try compile(source, path: "net/http.lua")
        #expect(file.closures.count == 3)
        let outer = file.functions.first { $0.name == "outer" }!.blob
        #expect(outer.closures.count == 2)
        #expect(Set(outer.closures).isSubset(of: Set(file.closures.map(\.hash))))
        #expect(file.chunk.closures.count == 1)  // `cb`
    }

    @Test func theChunkRefersToItsFunctionsByName() throws {
        let file = try compile(source, path: "net/http.lua")
        let named = file.chunk.instructions.map(Instruction.init(word:)).filter { $0.opcode == .closureNamed }
        #expect(named.count == 7)
        #expect(file.chunk.constants.contains(.string("Account:deposit")))
    }

    @Test func permissionsFollowWhatTheCodeReaches() throws {
        let file = try compile("""
            function a() print(1) end
            function b() return os.time() end
            function c() return io.open("x") end
            function d() return math.floor(1.5) end
            function e() local o = os return o end
            """)
        let permissions = Dictionary(uniqueKeysWithValues: file.functions.map { ($0.name, $0.blob.permissions) })
        #expect(permissions["a"] == ["stdout"])
        #expect(permissions["b"] == ["clock"])
        #expect(permissions["c"] == ["fs"])
        #expect(permissions["d"] == [])
        #expect(permissions["e"]?.contains("env") == true)
        #expect(file.functions.first { $0.name == "a" }?.blob.globals == ["print"])
    }
}

@Suite struct HashStabilityTests {
    func hashes(_ source: String) throws -> [String: FunctionHash] {
        Dictionary(uniqueKeysWithValues: try compile(source).functions.map { ($0.name, $0.blob.hash) })
    }

    let original = """
        local count = 0
        function a(x)
          count = count + x
          return count
        end

        function b(y) return y * 2 end
        """

    @Test func compilingTwiceGivesIdenticalBytes() throws {
        let first = try compile(original)
        let second = try compile(original)
        #expect(first.chunk.encoded() == second.chunk.encoded())
        #expect(first.functions.map { $0.blob.encoded() } == second.functions.map { $0.blob.encoded() })
    }

    @Test func movingAFunctionKeepsItsHash() throws {
        let moved = """
            local count = 0
            function b(y) return y * 2 end


            function a(x)
              count = count + x
              return count
            end
            """
        #expect(try hashes(moved) == (try hashes(original)))
    }

    @Test func editingAnotherFunctionKeepsItsHash() throws {
        let edited = original.replacingOccurrences(of: "return y * 2", with: "return y * 3")
        let before = try hashes(original)
        let after = try hashes(edited)
        #expect(after["a"] == before["a"])
        #expect(after["b"] != before["b"])
    }

    @Test func commentsAndWhitespaceOutsideChangeNothing() throws {
        let commented = "-- header\n\n" + original.replacingOccurrences(of: "\nfunction b", with: "\n--[[ note ]]\n   function b") + "\n-- end\n"
        #expect(try hashes(commented) == (try hashes(original)))
    }

    @Test func changingTheBodyChangesTheHash() throws {
        let changed = original.replacingOccurrences(of: "count = count + x", with: "count = count - x")
        #expect(try hashes(changed)["a"] != (try hashes(original))["a"])
    }

    @Test func aBodyThatGrowsLeavesTheChunkUnchanged() throws {
        let grown = original.replacingOccurrences(of: "  return count\n", with: "  count = count + 0\n  return count\n")
        #expect(try compile(grown).chunk.hash == (try compile(original)).chunk.hash)
        #expect(try hashes(grown)["a"] != (try hashes(original))["a"])
    }
}

@Suite struct InstructionSetTests {
    @Test func everyOpcodeIsDocumented() throws {
        let page = try String(contentsOf: Fixtures.root.deletingLastPathComponent().appendingPathComponent("docs/bytecode.md"), encoding: .utf8)
        for opcode in Opcode.allCases { #expect(page.contains("| `\(opcode.mnemonic)` |"), "\(opcode.mnemonic) is not in docs/bytecode.md") }
    }

    @Test func operandsRoundTrip() {
        let abc = Instruction(.getField, a: 200, b: 17, c: 255, k: true)
        #expect((abc.opcode, abc.a, abc.b, abc.c, abc.k) == (.getField, 200, 17, 255, true))
        #expect(Instruction(.loadI, a: 3, sBx: -65535).sBx == -65535)
        #expect(Instruction(.loadK, a: 3, bx: Instruction.maxBx).bx == Instruction.maxBx)
        #expect(Instruction(.jmp, sJ: -5).sJ == -5)
        #expect(Instruction(.jmp, sJ: 0).with(jump: 1000).sJ == 1000)
        #expect(Instruction(.forLoop, a: 1, bx: 0).with(jump: 7).sBx == 7)
        #expect(Instruction(.extraArg, ax: Instruction.maxAx).ax == Instruction.maxAx)
    }
}

@Suite struct VerifierTests {
    static let sources: [URL] = Fixtures.files("compiler/syntax")
        + ["v1", "v2", "v3"].flatMap { version in
            (FileManager.default.enumerator(atPath: Fixtures.root.appendingPathComponent("demo/\(version)").path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".lua") }.map { Fixtures.root.appendingPathComponent("demo/\(version)/\($0)") }
        }

    @Test(arguments: sources)
    func everyCompiledBlobVerifies(_ file: URL) throws {
        let compiled = try Compiler.compile(Fixtures.bytes(file), path: file.lastPathComponent)
        for blob in [compiled.chunk] + compiled.functions.map(\.blob) + compiled.closures {
            try Verifier.verify(blob)
        }
    }

    @Test func badCodeIsRejected() throws {
        let good = FunctionBlob(name: "f", registerCount: 2, instructions: [Instruction(.return0).word])
        try Verifier.verify(good)
        let cases: [FunctionBlob] = [
            FunctionBlob(name: "no return", registerCount: 2, instructions: [Instruction(.move, a: 0, b: 1).word]),
            FunctionBlob(name: "register", registerCount: 2, instructions: [Instruction(.move, a: 0, b: 2).word, Instruction(.return0).word]),
            FunctionBlob(name: "constant", registerCount: 2, instructions: [Instruction(.loadK, a: 0, bx: 0).word, Instruction(.return0).word]),
            FunctionBlob(name: "upvalue", registerCount: 2, instructions: [Instruction(.getUpval, a: 0, b: 0).word, Instruction(.return0).word]),
            FunctionBlob(name: "jump", registerCount: 2, instructions: [Instruction(.jmp, sJ: 5).word, Instruction(.return0).word]),
            FunctionBlob(name: "closure", registerCount: 2, instructions: [Instruction(.closure, a: 0, bx: 0).word, Instruction(.return0).word]),
            FunctionBlob(name: "opcode", registerCount: 2, instructions: [0x7F, Instruction(.return0).word]),
            FunctionBlob(name: "vararg", registerCount: 2, instructions: [Instruction(.vararg, a: 0, c: 2).word, Instruction(.return0).word]),
            FunctionBlob(name: "field", registerCount: 2,
                         instructions: [Instruction(.getField, a: 0, b: 1, c: 0).word, Instruction(.return0).word],
                         constants: [.integer(1)]),
        ]
        for blob in cases {
            #expect(throws: FormatError.self, "\(blob.name)") { try Verifier.verify(blob) }
        }
    }
}
