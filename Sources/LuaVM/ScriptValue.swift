import FoundationEssentials

/// A Lua value as a host sees it: what it passes to script functions and
/// gets back from them. Tables are copied in both directions.
public indirect enum ScriptValue: Hashable, Sendable, CustomStringConvertible {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    /// A table, by key.
    case table([ScriptValue: ScriptValue])
    /// A value a host cannot hold (a function), as `tostring` shows it.
    case opaque(String)

    /// A sequence `{v1, v2, ...}`.
    public static func array(_ values: [ScriptValue]) -> ScriptValue {
        .table(Dictionary(uniqueKeysWithValues: values.enumerated().map { (.integer(Int64($0.offset + 1)), $0.element) }))
    }

    /// As Lua's `print` shows the value (`1.0`, `nil`, `table: …` shown as `table`).
    public var description: String {
        switch self {
        case .nil: "nil"
        case let .boolean(value): value ? "true" : "false"
        case let .integer(value): String(value)
        case let .number(value): Arithmetic.text(.float(value))
        case let .string(text): text
        case .table: "table"
        case let .opaque(text): text
        }
    }
}

extension VM {
    /// The Lua value for `value` (tables are built anew).
    func value(_ value: ScriptValue) -> Value {
        switch value {
        case .nil, .opaque: return .nil
        case let .boolean(flag): return .boolean(flag)
        case let .integer(number): return .integer(number)
        case let .number(number): return .float(number)
        case let .string(text): return string(text)
        case let .table(entries):
            let table = heap.table()
            for (key, element) in entries { try? table.set(self.value(key), self.value(element)) }
            return Value(table)
        }
    }

    /// The host's copy of `value`; tables are copied to `depth` levels (a
    /// cycle ends as an opaque value).
    func scriptValue(_ value: Value, depth: Int = 16) -> ScriptValue {
        switch value.tag {
        case .nil: return .nil
        case .false: return .boolean(false)
        case .true: return .boolean(true)
        case .integer: return .integer(value.integerValue)
        case .float: return .number(value.floatValue)
        case .string: return .string(String(decoding: value.asString!.bytes, as: UTF8.self))
        case .table:
            guard depth > 0 else { return .opaque("table") }
            var entries: [ScriptValue: ScriptValue] = [:]
            for entry in value.asTable!.entries {
                entries[scriptValue(entry.key, depth: depth - 1)] = scriptValue(entry.value, depth: depth - 1)
            }
            return .table(entries)
        case .function, .thread, .userdata:
            return .opaque((try? String(decoding: text(of: value), as: UTF8.self)) ?? value.typeName)
        }
    }

    /// Registers a host function under `name` (`spawn`, or `game.spawn` in
    /// a global table made on demand) that scripts may call when the VM
    /// grants `capability` (always, when nil).
    public func register(_ name: String, capability: String? = nil,
                         _ body: @escaping ([ScriptValue]) throws -> [ScriptValue]) {
        var components = name.split(separator: ".").map(String.init)
        let last = components.removeLast()
        var table = globals
        for component in components {
            if let existing = (try? rawGet(table, string(component)))?.asTable {
                table = existing
            } else {
                let made = heap.table()
                if table.defersMisses { try? prepareGlobalWrite(string(component)) }
                try? table.set(string(component), Value(made))
                table = made
            }
        }
        define(last, in: table, capability: capability) { [unowned self] arguments in
            do {
                return try body(arguments.map { self.scriptValue($0) }).map { self.value($0) }
            } catch let error as LuaError {
                throw error
            } catch {
                throw self.error("\(error)")
            }
        }
    }

    /// Calls the script function `name` (`on_tick`, `M.f`, `Account:deposit`
    /// with its table as `self`) with `arguments` and returns its results.
    /// A Lua error is thrown as a ``LuaError`` with its message and position.
    public func call(_ name: String, _ arguments: [ScriptValue] = []) throws -> [ScriptValue] {
        let (function, holder) = try lookUp(name)
        let method = name.contains(":") ? [holder] : []
        return try call(function, method + arguments.map(value)).map { scriptValue($0) }
    }

    /// The function called `name` in the globals and the table that holds it.
    func lookUp(_ name: String) throws -> (function: Value, holder: Value) {
        let path = name.split(whereSeparator: { $0 == "." || $0 == ":" }).map(String.init)
        var holder = Value(globals)
        var function = Value(globals)
        for component in path {
            holder = function
            function = try index(function, string(component))
            if function.isNil { throw LuaError(value: string("no function '\(name)'"), message: "no function '\(name)'") }
        }
        return (function, holder)
    }
}
