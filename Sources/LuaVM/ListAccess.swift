import BlobFormat

/// A table argument of the `table` library, read and written as Lua 5.4's
/// library does: through `__index`, `__newindex` and `__len` when the table
/// has a metatable, directly otherwise.
struct ListAccess {
    let vm: VM
    let value: Value
    let table: LuaTable

    init(_ vm: VM, _ arguments: [Value], _ function: String) throws {
        self.vm = vm
        table = try BaseLibrary.table(vm, arguments, 1, function)
        value = arguments[0]
    }

    func get(_ index: Int64) throws -> Value {
        table.metatable == nil ? table.get(index: index) : try vm.index(value, .integer(index))
    }

    func set(_ index: Int64, _ element: Value) throws {
        if table.metatable == nil { table.set(index: index, element) } else { try vm.setIndex(value, .integer(index), element) }
    }

    /// `#t`, which must be an integer.
    func length() throws -> Int64 {
        guard table.metatable != nil else { return table.length }
        let length = try vm.length(value)
        if length.tag == .integer { return length.integerValue }
        guard length.tag == .float, let exact = LuaArithmetic.exactInteger(length.floatValue) else {
            throw vm.error("object length is not an integer")
        }
        return exact
    }
}
