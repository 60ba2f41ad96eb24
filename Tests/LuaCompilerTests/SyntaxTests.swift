import BlobFormat
import Foundation
@testable import LuaCompiler
import Testing

@Suite struct SyntaxTests {
    @Test(arguments: Fixtures.files("compiler/syntax"))
    func corpusParsesAndRoundTrips(_ file: URL) throws {
        let source = Fixtures.bytes(file)
        if let verdict = luacAccepts(file) { #expect(verdict, "luac5.4 rejects \(file.lastPathComponent)") }
        let printed = try SyntaxPrinter.normalized(source)
        let again = try SyntaxPrinter.normalized(Array(printed.utf8))
        #expect(printed == again)
        _ = try Compiler.compile(source, path: file.lastPathComponent)
    }

    @Test(arguments: [
        ("x = a + b * c", "x = (a + (b * c))"),
        ("x = a ^ b ^ c", "x = (a ^ (b ^ c))"),
        ("x = a .. b .. c", "x = (a .. (b .. c))"),
        ("x = -a ^ 2", "x = (-(a ^ 2))"),
        ("x = not a == b", "x = ((not a) == b)"),
        ("x = a or b and c", "x = (a or (b and c))"),
        ("x = a < b == c", "x = ((a < b) == c)"),
        ("x = a | b ~ c & d << e .. f", "x = (a | (b ~ (c & (d << (e .. f)))))"),
        ("x = 1 + 2 - 3", "x = ((1 + 2) - 3)"),
        ("x = #t + 1", "x = ((#t) + 1)"),
        ("x = a // b % c", "x = ((a // b) % c)"),
        ("x = 2^-3", "x = (2 ^ (-3))"),
    ])
    func precedenceAndAssociativity(_ source: String, _ expected: String) throws {
        #expect(try SyntaxPrinter.normalized(Array(source.utf8)) == "  " + expected + "\n")
    }

    @Test(arguments: [
        ("return 0x1000000", Constant.integer(16_777_216)),
        ("return 0x8000000000000001", .integer(Int64.min + 1)),
        ("return 9223372036854775808", .float(9223372036854775808)),
        ("return 0xA23p-4", .float(162.1875)),
        ("return 0x.8", .float(0.5)),
        ("return 314.16e-2", .float(3.1416)),
        ("return 1e308", .float(1e308)),
        ("return 'a\\z   \n  b'", .string("ab")),
        ("return '\\x41\\66\\u{48}'", .string("ABH")),
        ("return '\\u{7FFFFFFF}'", .string([0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF])),
        ("return '\\xff'", .string([0xFF])),
        ("return [==[\n]]x]==]", .string("]]x")),
        ("return \"\u{E9}\"", .string("\u{E9}")),
    ])
    func literalsBecomeConstants(_ source: String, _ expected: Constant) throws {
        let chunk = try compile(source).chunk
        #expect(chunk.constants.contains(expected), "\(chunk.constants)")
    }

    @Test func invalidUTF8InStringsIsKeptAsBytes() throws {
        let source: [UInt8] = Array("return \"".utf8) + [0xC3, 0x28, 0xFF] + Array("\"".utf8)
        let chunk = try Compiler.compile(source, path: "bytes.lua").chunk
        #expect(chunk.constants.contains(.string([0xC3, 0x28, 0xFF])))
    }

    @Test func nestingDeeperThanTheLimitIsAnErrorNotACrash() {
        for depth in [250, 100_000] {
            let source = "x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
            let found = diagnostics(source)
            #expect(found.first?.message.contains("too many syntax levels") == true)
        }
        let blocks = String(repeating: "do ", count: 5000) + String(repeating: "end ", count: 5000)
        #expect(diagnostics(blocks).first?.message.contains("too many syntax levels") == true)
        let tables = "x = " + String(repeating: "{", count: 5000) + String(repeating: "}", count: 5000)
        #expect(!diagnostics(tables).isEmpty)
        #expect(diagnostics("x = " + String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)).isEmpty)
    }

    @Test func aShebangLineIsSkipped() throws {
        _ = try compile("#!/usr/bin/env lua\nreturn 1")
    }
}

@Suite struct DiagnosticTests {
    /// Syntax errors that lua5.4 also reports; the others are our rules.
    static let ourRules: Set<String> = ["defined-twice.lua"]

    @Test(arguments: Fixtures.files("compiler/errors"))
    func badSourcesGiveTheGoldenDiagnostics(_ file: URL) throws {
        let source = Fixtures.bytes(file)
        let name = file.lastPathComponent
        if !Self.ourRules.contains(name), let verdict = luacAccepts(file) { #expect(!verdict, "luac5.4 accepts \(name)") }
        var rendered = ""
        do {
            _ = try Compiler.compile(source, path: name)
            Issue.record("\(name) compiled")
        } catch {
            rendered = error.diagnostics.map { $0.rendered(source: source) }.joined(separator: "\n") + "\n"
        }
        let golden = file.deletingPathExtension().appendingPathExtension("expected")
        if ProcessInfo.processInfo.environment["BLOBREPO_UPDATE_GOLDENS"] == "1" {
            try rendered.write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(rendered == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test func everySyntaxErrorOfAFileIsReportedWhereRecoveryAllows() {
        let found = diagnostics("function a()\n  local x = = 1\nend\n\nfunction b()\n  local y = ) 2\nend\n")
        #expect(found.map(\.position.line) == [2, 6])
    }

    @Test func diagnosticsNameFileLineAndColumnWithACaret() {
        let found = diagnostics("local a = 1\nlocal b = a +* 2\n", path: "net/http.lua")
        #expect(found.count == 1)
        #expect(found[0].description == "net/http.lua:2:14: unexpected symbol near '*'")
        #expect(found[0].rendered(source: Array("local a = 1\nlocal b = a +* 2\n".utf8)).hasSuffix("  local b = a +* 2\n               ^"))
    }
}

@Suite struct ExtremeConstantTests {
    @Test func theSmallestIntegerCompiles() throws {
        // abs(Int64.min) traps: operand-range checks must not use it.
        let file = try compile("""
            local x = 1
            return -9223372036854775807 - 1, x + (-9223372036854775807 - 1), x == math.mininteger, x < -9223372036854775807 - 1
            """)
        #expect(file.chunk.constants.contains(.integer(Int64.min)))
    }
}
