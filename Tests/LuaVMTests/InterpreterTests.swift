import BlobFormat
import LuaCompiler
@testable import LuaVM
import Testing

/// Runs Lua source in a fresh VM and returns what it printed.
func run(_ source: String, in vm: VM = VM(), budget: Int? = nil) throws -> String {
    let compiled = try Compiler.compile(Array(source.utf8), path: "test.lua")
    var printed = ""
    vm.output = { printed += String(decoding: $0, as: UTF8.self) }
    let chunk = try vm.load(
        chunk: compiled.chunk, functions: Dictionary(uniqueKeysWithValues: compiled.functions.map { ($0.name, $0.blob) }),
        closures: Dictionary(compiled.closures.map { ($0.hash, $0) }) { first, _ in first }, source: "test.lua",
        lines: Dictionary(uniqueKeysWithValues: compiled.functions.map { ($0.name, $0.position.line) }),
        closureLines: compiled.closureLines)
    vm.instructionBudget = budget
    try vm.run(chunk)
    return printed
}

@Suite struct InterpreterTests {
    @Test func anEndlessLoopRunsOutOfBudgetAndTheVMStaysUsable() throws {
        let vm = VM()
        let error = #expect(throws: LuaError.self) { try run("while true do end", in: vm, budget: 100_000) }
        #expect(error?.message.contains("instruction budget exhausted") == true)
        #expect(try run("print(1 + 1)", in: vm) == "2\n")
    }

    @Test func theMemoryLimitIsACatchableErrorAndTheVMStaysUsable() throws {
        let vm = VM()
        vm.memoryLimit = 8 << 20
        // A table that only grows, objects that pile up, a string bomb.
        #expect(try run("""
            print(pcall(function() local t = {} for i = 1, 1e8 do t[i] = i end end))
            print(pcall(function() local t = {} for i = 1, 1e7 do t[i] = {i} end end))
            print(pcall(string.rep, "x", 1 << 28))
            local s = "" print(pcall(function() while true do s = s .. s .. "ab" end end))
            """, in: vm) == """
            false	not enough memory
            false	not enough memory
            false	not enough memory
            false	not enough memory

            """)
        #expect(try run("local t = {} for i = 1, 1000 do t[i] = {i} end print(#t)", in: vm) == "1000\n")
        vm.collectGarbage()
        #expect(vm.heap.bytes < 8 << 20)
        // Uncaught, it reaches the host as a LuaError.
        let error = #expect(throws: LuaError.self) { try run("local t = {} for i = 1, 1e8 do t[i] = i end", in: vm) }
        #expect(error?.message == "not enough memory")
    }

    @Test func coroutinesKeepTheirStacksApart() throws {
        // Closures made inside a coroutine read their locals after it yields
        // and after it is gone; garbage coroutines are freed.
        let vm = VM()
        #expect(try run("""
            local getters = {}
            for i = 1, 3 do
              local co = coroutine.wrap(function()
                local x = i * 10
                getters[i] = function() x = x + 1 return x end
                coroutine.yield()
                x = x + 100
                coroutine.yield()
              end)
              co()
              if i == 2 then co() end
            end
            print(getters[1](), getters[2](), getters[3]())
            for i = 1, 20000 do coroutine.wrap(function() coroutine.yield(i) end)() end
            collectgarbage()
            print(getters[1](), getters[2](), getters[3]())
            """, in: vm) == "11\t121\t31\n12\t122\t32\n")
        vm.collectGarbage()
        #expect(vm.heap.objects.count < 2000)
    }

    @Test func deepRecursionIsACatchableStackOverflow() throws {
        let output = try run("""
            local function down(n) return 1 + down(n + 1) end
            local ok, message = pcall(down, 1)
            print(ok, message:find("stack overflow") ~= nil)
            """)
        #expect(output == "false\ttrue\n")
    }

    @Test func tailCallsDoNotGrowTheStack() throws {
        #expect(try run("""
            local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
            print(loop(1000000))
            """) == "done\n")
    }

    @Test func cyclicGarbageIsFreed() throws {
        let vm = VM()
        _ = try run("""
            for i = 1, 100000 do local t = {} t.self = t t.f = function() return t end end
            collectgarbage()
            """, in: vm)
        vm.collectGarbage()
        #expect(vm.heap.objects.count < 500)
    }

    @Test func errorsCarryAnyValue() throws {
        #expect(try run("""
            local ok, e = pcall(error, {code = 42})
            print(ok, type(e), e.code)
            local ok2, e2 = pcall(error)
            print(ok2, e2)
            """) == "false\ttable\t42\nfalse\tnil\n")
    }
}
