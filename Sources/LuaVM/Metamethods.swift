import BlobFormat

/// Indexing, arithmetic, comparison, length and concatenation with Lua's
/// metamethods.
extension VM {
    /// The metatable of a value: a table's own, the string metatable for strings.
    func metatable(of value: Value) -> LuaTable? {
        switch value.tag {
        case .table: value.asTable!.metatable
        case .string: stringMetatable
        case .userdata: value.asUserdata!.metatable
        default: nil
        }
    }

    /// The metamethod `event` of a value, if it has one.
    func metamethod(_ value: Value, _ event: Event) -> Value? {
        guard let metatable = metatable(of: value) else { return nil }
        let handler = metatable.get(eventNames[event.rawValue])
        return handler.isNil ? nil : handler
    }

    /// The type name errors use: `__name` from the metatable when it is a string.
    func typeName(_ value: Value) -> String {
        if let name = metatable(of: value)?.get(eventNames[Event.name.rawValue]).asString { return String(decoding: name.bytes, as: UTF8.self) }
        return value.typeName
    }

    /// `object[key]`, following `__index`. `register` holds the object, so
    /// that an error can say where it came from.
    func index(_ object: Value, _ key: Value, register: Int? = nil) throws -> Value {
        var current = object
        for _ in 0..<2000 {
            if current.tag == .table {
                // Most lookups find the key or have no metatable: no reference counting for them.
                let reference = current.unmanaged(LuaTable.self)
                let value = reference._withUnsafeGuaranteedRef { $0.get(key) }
                if value.isNil, reference._withUnsafeGuaranteedRef({ $0.defersMisses }), try runDeferredOwner(of: key) {
                    continue
                }
                if !value.isNil || reference._withUnsafeGuaranteedRef({ $0.metatable == nil }) { return value }
                let metatable = reference.takeUnretainedValue().metatable!
                let handler = metatable.get(eventNames[Event.index.rawValue])
                if handler.isNil { return .nil }
                if handler.tag == .function { return try call(handler, [current, key]).first ?? .nil }
                current = handler
                continue
            }
            guard let handler = metamethod(current, .index) else {
                let name = current.payload == object.payload && current.tag == object.tag ? register.flatMap(variableName) : nil
                throw operationError("attempt to index a \(typeName(current)) value" + (name.map { " (\($0))" } ?? ""))
            }
            if handler.tag == .function { return try call(handler, [current, key]).first ?? .nil }
            current = handler
        }
        throw operationError("'__index' chain too long; possible loop")
    }

    /// `object[key] = value`, following `__newindex`.
    func setIndex(_ object: Value, _ key: Value, _ value: Value, register: Int? = nil) throws {
        var current = object
        for _ in 0..<2000 {
            if current.tag == .table {
                let reference = current.unmanaged(LuaTable.self)
                if reference._withUnsafeGuaranteedRef({ $0.defersMisses }) { try prepareGlobalWrite(key) }
                if reference._withUnsafeGuaranteedRef({ $0.metatable == nil }) {
                    let failure = reference._withUnsafeGuaranteedRef { table -> LuaTable.KeyError? in
                        do throws(LuaTable.KeyError) { try table.set(key, value) } catch { return error }
                        return nil
                    }
                    guard let failure else { return }
                    throw self.operationError(failure == .nilIndex ? "table index is nil" : "table index is NaN")
                }
                let table = reference.takeUnretainedValue()
                if let metatable = table.metatable, table.get(key).isNil {
                    let handler = metatable.get(eventNames[Event.newindex.rawValue])
                    if handler.tag == .function {
                        _ = try call(handler, [current, key, value])
                        return
                    }
                    if !handler.isNil {
                        current = handler
                        continue
                    }
                }
                do throws(LuaTable.KeyError) { try table.set(key, value) } catch {
                    throw self.operationError(error == .nilIndex ? "table index is nil" : "table index is NaN")
                }
                return
            }
            guard let handler = metamethod(current, .newindex) else {
                let name = current.payload == object.payload && current.tag == object.tag ? register.flatMap(variableName) : nil
                throw operationError("attempt to index a \(typeName(current)) value" + (name.map { " (\($0))" } ?? ""))
            }
            if handler.tag == .function {
                _ = try call(handler, [current, key, value])
                return
            }
            current = handler
        }
        throw operationError("'__newindex' chain too long; possible loop")
    }

    /// An arithmetic or bitwise operation, with its metamethod as fallback.
    /// `registers` hold the operands, so that an error can say where they came from.
    func arithmetic(_ operation: Arithmetic.Operation, _ a: Value, _ b: Value,
                    registers: (first: Int?, second: Int?) = (nil, nil)) throws -> Value {
        do throws(Arithmetic.Failure) { return try Arithmetic.apply(operation, a, b) } catch {
            if let handler = metamethod(a, operation.event) ?? metamethod(b, operation.event) {
                return try callMetamethod(handler, operation.event, [a, b])
            }
            switch error {
            case let .divideByZero(message): throw self.operationError(message)
            case .noInteger:
                // Lua names the first operand that has no integer value.
                let firstIsCulprit = a.tag == .float && LuaArithmetic.exactInteger(a.floatValue) == nil
                let name = (firstIsCulprit ? registers.first : registers.second).flatMap(variableName)
                throw self.operationError("number" + (name.map { " (\($0))" } ?? "") + " has no integer representation")
            case .notNumbers:
                if !operation.isBitwise, a.tag == .string || b.tag == .string {
                    // Strings do arithmetic through their metatable in Lua,
                    // which words the failure this way.
                    let event = String(operation.event.text.dropFirst(2))
                    throw self.operationError("attempt to \(event) a '\(a.typeName)' with a '\((operation == .unm ? a : b).typeName)'")
                }
                let firstIsCulprit = operation.isBitwise ? !a.isNumber : Arithmetic.number(a) == nil
                let culprit = firstIsCulprit ? a : b
                let verb = operation.isBitwise ? "perform bitwise operation on" : "perform arithmetic on"
                let name = (firstIsCulprit ? registers.first : registers.second).flatMap(variableName)
                throw self.operationError("attempt to \(verb) a \(typeName(culprit)) value" + (name.map { " (\($0))" } ?? ""))
            }
        }
    }

    /// `#value`.
    /// `register` names the operand in messages, when it is one.
    func length(_ value: Value, register: Int? = nil) throws -> Value {
        if let string = value.asString { return .integer(Int64(string.bytes.count)) }
        // Lua passes the operand twice, as for the other unary events.
        if let handler = metamethod(value, .len) { return try callMetamethod(handler, .len, [value, value]) }
        if let table = value.asTable { return .integer(table.length) }
        let name = register.flatMap(variableName)
        throw operationError("attempt to get length of a \(typeName(value)) value" + (name.map { " (\($0))" } ?? ""))
    }

    /// The first result of the metamethod `handler` of `event`; one that
    /// cannot be called is an error that names it, as Lua's does.
    func callMetamethod(_ handler: Value, _ event: Event, _ arguments: [Value]) throws -> Value {
        if handler.tag != .function, metamethod(handler, .call) == nil {
            throw operationError("attempt to call a \(typeName(handler)) value (metamethod '\(event.text.dropFirst(2))')")
        }
        return try call(handler, arguments).first ?? .nil
    }

    /// `a .. b`: strings and numbers, else `__concat`.
    /// `registers` are where the operands came from, to name the culprit.
    func concatenate(_ a: Value, _ b: Value, registers: (Int, Int)? = nil) throws -> Value {
        if let left = bytesForConcat(a), let right = bytesForConcat(b) { return string(left + right) }
        if let handler = metamethod(a, .concat) ?? metamethod(b, .concat) {
            return try callMetamethod(handler, .concat, [a, b])
        }
        let leftIsCulprit = bytesForConcat(a) == nil
        let culprit = leftIsCulprit ? a : b
        let register = registers.map { leftIsCulprit ? $0.0 : $0.1 } ?? -1
        let name = register >= 0 ? variableName(register) : nil
        throw operationError("attempt to concatenate a \(typeName(culprit)) value" + (name.map { " (\($0))" } ?? ""))
    }

    /// `values[0] .. … .. values[count - 1]` as one new string when every
    /// operand is a string or a number (no metamethod can run then, so
    /// joining them at once is what pairwise concatenation gives); nil
    /// otherwise.
    func concatenatePlain(_ values: UnsafeMutablePointer<Value>, count: Int) -> Value? {
        var length = 0
        for index in 0..<count {
            switch values[index].tag {
            case .string: length += values[index].unmanaged(LuaString.self)._withUnsafeGuaranteedRef { $0.bytes.count }
            case .integer, .float: length += 24
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for index in 0..<count {
            let value = values[index]
            if value.tag == .string {
                value.unmanaged(LuaString.self)._withUnsafeGuaranteedRef { bytes.append(contentsOf: $0.bytes) }
            } else {
                bytes.append(contentsOf: Arithmetic.text(value).utf8)
            }
        }
        return string(bytes)
    }

    private func bytesForConcat(_ value: Value) -> [UInt8]? {
        switch value.tag {
        case .string: value.asString!.bytes
        case .integer, .float: Array(Arithmetic.text(value).utf8)
        default: nil
        }
    }

    /// `a == b`, with `__eq` for two tables.
    func equals(_ a: Value, _ b: Value) throws -> Bool {
        if Value.rawEquals(a, b) { return true }
        guard a.tag == .table, b.tag == .table else { return false }
        guard let handler = metamethod(a, .eq) ?? metamethod(b, .eq) else { return false }
        return !(try callMetamethod(handler, .eq, [a, b])).isFalsy
    }

    /// `a < b` or `a <= b`, with `__lt` / `__le`.
    func less(_ a: Value, _ b: Value, orEqual: Bool) throws -> Bool {
        if a.isNumber, b.isNumber {
            return orEqual ? Arithmetic.lessOrEqual(a, b) : Arithmetic.lessThan(a, b)
        }
        if let left = a.asString, let right = b.asString {
            return Arithmetic.lessThan(left.bytes, right.bytes, orEqual: orEqual)
        }
        let event: Event = orEqual ? .le : .lt
        if let handler = metamethod(a, event) ?? metamethod(b, event) {
            return !(try callMetamethod(handler, event, [a, b])).isFalsy
        }
        let (left, right) = (typeName(a), typeName(b))
        throw operationError(left == right ? "attempt to compare two \(left) values" : "attempt to compare \(left) with \(right)")
    }

    /// `tostring(value)`, with `__tostring` and `__name`.
    func text(of value: Value) throws -> [UInt8] {
        if let handler = metamethod(value, .tostring) {
            let result = try call(handler, [value]).first ?? .nil
            if let string = result.asString { return string.bytes }
            // Lua takes a number too ("a string" in the C API's sense).
            guard result.isNumber else { throw error("'__tostring' must return a string") }
            return Array(Arithmetic.text(result).utf8)
        }
        switch value.tag {
        case .nil: return Array("nil".utf8)
        case .true: return Array("true".utf8)
        case .false: return Array("false".utf8)
        case .integer, .float: return Array(Arithmetic.text(value).utf8)
        case .string: return value.asString!.bytes
        case .table, .function, .thread, .userdata:
            let kind = switch value.tag {
            case .table, .userdata: typeName(value)
            case .thread: "thread"
            default: "function"
            }
            return Array("\(kind): 0x\(String(value.payload, radix: 16))".utf8)
        }
    }
}

extension Value {
    /// Whether the value is a number (no string coercion).
    var isNumber: Bool { tag == .integer || tag == .float }
}
