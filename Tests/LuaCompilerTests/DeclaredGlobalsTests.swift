import BlobFormat
import Testing

/// Which chunks only assign globals (``FunctionBlob/declaredGlobals``), so
/// that a loader may run them lazily.
@Suite struct DeclaredGlobalsTests {
    func declared(_ source: String) throws -> [String]? { try compile(source).chunk.declaredGlobals }

    @Test func definitionsConstantsAndFreshTablesAreDeclarations() throws {
        #expect(try declared("function f() end\nfunction g(x) return f(x) end\n") == ["f", "g"])
        #expect(try declared("""
            local M = {}
            local counter, limit <const> = 0, 10
            local list = {1, 2.5, "three", {nested = true}}
            function M.f() counter = counter + 1 end
            local function helper() return list end
            M.g = function() return helper() end
            VERSION = "1.0"
            handlers = {on_tick = helper, [1] = M}
            return M
            """) == ["VERSION", "handlers"])
        #expect(try declared("") == [])
        #expect(try declared("local x = nil\nlocal y\n") == [])
        // Names assigned through a local environment are fields of a fresh table.
        #expect(try declared("local _ENV = {}\nx = 1") == [])
    }

    @Test func anythingObservableMakesAChunkRunInPlace() throws {
        let eager = [
            "print('loading')\nfunction f() end",           // a call
            "function f() end\nlocal g = f\ng()",              // a call of a local
            "x = y",                                           // a global read
            "function Account.deposit() end",                  // reads the global Account
            "function Account:deposit() end",
            "local t = setmetatable({}, {})\nT = t",
            "local M = {}\nM.x.y = 1",                         // reads a field
            "local t = {...}\nT = t",                          // varargs
            "x = 1 + tonumber('2')",
            "local a = {}\nfor i = 1, 3 do a[i] = i end\nA = a", // a loop
            "if DEBUG then x = 1 end",
            "local t <close> = nil",
            "local x = 1 // 0",                                // arithmetic that is not folded may fail
            "local t = {[0/0 == 0/0 and 1 or nil] = 1}",
            "goto done\n::done::",
        ]
        for source in eager { #expect(try declared(source) == nil, "\(source)") }
    }

    @Test func aChunkThatWritesIntoAnUpvalueOrAForeignTableRunsInPlace() throws {
        // The only table a declaration may write is one it made itself.
        #expect(try declared("local t = _G\nt.x = 1") == nil)
        #expect(try declared("local s = 'text'\nlocal t = s\nt.x = 1") == nil)
        #expect(try declared("local t = {}\nt = 'text'\nt.x = 1") == nil)
        // A key that may be nil could fail.
        #expect(try declared("local k\nlocal t = {}\nt[k] = 1") == nil)
        #expect(try declared("local t = {[1] = 'a', [true] = 'b', [2.5] = 'c'}\nT = t") == ["T"])
    }
}
