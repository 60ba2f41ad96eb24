@testable import LuaCompiler
@testable import LuaVM
import Testing

/// The compiler's table of what each standard-library function needs must
/// say what the VM checks when the function is called: a blob that calls
/// one must list its capability, or a VM would load it and then refuse.
@Suite struct CapabilityTableTests {
    @Test func everyGuardedLibraryFunctionIsInTheCompilersTable() throws {
        let vm = VM()
        var guarded: [String: String] = [:]
        func collect(_ table: LuaTable, prefix: String) throws {
            var key = Value.nil
            while let entry = try table.next(after: key) {
                key = entry.key
                guard let name = entry.key.asString.map({ String(decoding: $0.bytes, as: UTF8.self) }),
                      let host = entry.value.asFunction as? HostFunction, let capability = host.capability else { continue }
                guarded[prefix + name] = capability
            }
        }
        try collect(vm.globals, prefix: "")
        for library in ["io", "os", "string", "table", "math", "coroutine", "utf8"] {
            let table = try #require(vm.globals.get(Value(vm.heap.string(library))).asTable)
            try collect(table, prefix: library + ".")
        }
        #expect(!guarded.isEmpty)
        for (name, capability) in guarded.sorted(by: { $0.key < $1.key }) {
            #expect(Capabilities.table[name] == capability, "\(name) needs '\(capability)' at run time")
        }
    }
}

/// The metamethod names are written out for speed; each must be its case's
/// name with `__` in front.
@Suite struct EventNameTests {
    @Test func everyEventIsNamedAfterItsCase() {
        #expect(Event.allCases.map(\.text) == Event.allCases.map { "__" + String(describing: $0) })
    }
}
