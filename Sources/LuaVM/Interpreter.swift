import BlobFormat

extension VM {
    // MARK: Calls from Swift

    /// Calls `function` with `arguments` and returns all its results. Re-enters
    /// the dispatch loop; on an error, the stack and frames are restored.
    func call(_ function: Value, _ arguments: [Value]) throws -> [Value] {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maximumNesting { throw error("stack overflow (too many nested calls)") }
        let savedFrames = frames.count
        let savedTop = top
        let slot = max(top, frames.last.map { $0.base + $0.closure.proto.registerCount } ?? 0)
        guard slot + arguments.count + 1 < stackSize else { throw error("stack overflow") }
        stack[slot] = function
        for (index, argument) in arguments.enumerated() { stack[slot + 1 + index] = argument }
        do {
            let results = try invoke(slot: slot, argumentCount: arguments.count, wanted: -1, fromHost: true)
            top = savedTop
            return results
        } catch let error as LuaError {
            let final = closeVariables(from: slot, unwinding: error)
            closeUpvalues(from: slot)
            frames.removeLast(frames.count - savedFrames)
            top = savedTop
            throw final
        } catch {
            closeUpvalues(from: slot)
            frames.removeLast(frames.count - savedFrames)
            top = savedTop
            throw error
        }
    }

    /// `pcall(f, ...)` or `xpcall(f, handler, ...)` called from Lua on a
    /// Lua function: `f` runs in this dispatch loop as a protected frame, so
    /// that it may yield; xpcall's handler is kept beside the frame for an
    /// error. `count` counts the host function's arguments.
    private func invokeProtected(slot: Int, count: Int, handler: Value?, wanted: Int) throws -> [Value] {
        // The function moves to `slot`, its own arguments right after it.
        let skipped = handler == nil ? 1 : 2
        stack[slot] = stack[slot + 1]
        for index in 0..<(count - skipped) { stack[slot + 1 + index] = stack[slot + 1 + skipped + index] }
        hostCalls.append(frames.count)
        do { try invoke(slot: slot, argumentCount: count - skipped, wanted: wanted, fromHost: false) } catch {
            hostCalls.removeLast()
            let failure = (error as? LuaError)?.value ?? string("\(error)")
            place([.false, handler.map { handled(failure, by: $0) } ?? failure], at: slot, wanted: wanted)
            return []
        }
        frames.top.pointee.protected = true
        if let handler { messageHandlers.append((frames.count - 1, handler)) }
        return []
    }

    /// What `xpcall`'s message handler makes of an error: its first result.
    /// An error in the handler goes to the handler again, as in Lua, each
    /// retry with little room (Lua's C stack is exhausted by then), until
    /// the nesting gives up: "error in error handling".
    func handled(_ error: Value, by handler: Value) -> Value {
        var failure = error
        for attempt in 0...Self.messageHandlerRetries {
            do {
                let run = { (try self.call(handler, [failure])).first ?? .nil }
                return attempt == 0 ? try run() : try withFrameRoom(Self.messageHandlerRoom, run)
            } catch let next as LuaError {
                failure = next.value
            } catch {
                return string("\(error)")
            }
        }
        return string("error in error handling")
    }

    /// For a call of a value that is not a function: its `__call`
    /// metamethod, called with the value first, and so on while the
    /// metamethod is itself an object with a `__call`. Rearranges the stack
    /// at `slot` and returns the function and the new argument count. Kept
    /// out of ``invoke`` so that the common call stays small.
    @inline(never)
    private func callableThroughMetamethods(slot: Int, count: Int, fromHost: Bool) throws -> (Value, Int) {
        var callee = stack[slot]
        var count = count
        var chain = 0
        while callee.tag != .function {
            guard let handler = metamethod(callee, .call) else {
                let name = fromHost ? nil : frames.last.flatMap { slot >= $0.base ? calleeName(slot - $0.base) : nil }
                throw operationError("attempt to call a \(typeName(callee)) value" + (name.map { " (\($0))" } ?? ""))
            }
            chain += 1
            guard chain <= Self.maximumCallChain else { throw operationError("'__call' chain too long; possible loop") }
            guard slot + count + 2 < stackSize else { throw error("stack overflow") }
            for index in stride(from: slot + count, through: slot + 1, by: -1) { stack[index + 1] = stack[index] }
            stack[slot + 1] = callee
            stack[slot] = handler
            callee = handler
            count += 1
        }
        return (callee, count)
    }

    /// Calls the function at `slot` with the arguments above it. A Lua
    /// function from Swift runs to completion here; from the dispatch loop
    /// (`fromHost` false) it only gets a frame, and no results are returned.
    @discardableResult
    func invoke(slot: Int, argumentCount: Int, wanted: Int, fromHost: Bool, returnsToHost: Bool? = nil) throws -> [Value] {
        var callee = stack[slot]
        var count = argumentCount
        if callee.tag != .function { (callee, count) = try callableThroughMetamethods(slot: slot, count: count, fromHost: fromHost) }
        // Unowned locals: the heap keeps these alive, and a call should not
        // pay for reference counting.
        unowned(unsafe) let function = callee.unmanaged(LuaFunction.self).takeUnretainedValue()
        if function.isHost {
            let host = unsafeDowncast(function, to: HostFunction.self)
            if host === yieldFunction { throw yieldRequest(slot: slot, wanted: wanted, count: count, fromHost: fromHost) }
            if !fromHost, count >= 1, let target = stack[slot + 1].asFunction, !target.isHost {
                if host === pcallFunction { return try invokeProtected(slot: slot, count: count, handler: nil, wanted: wanted) }
                if host === xpcallFunction, count >= 2, stack[slot + 2].tag == .function {
                    return try invokeProtected(slot: slot, count: count, handler: stack[slot + 2], wanted: wanted)
                }
            }
            if let capability = host.capability, !permissions.allows(capability) {
                throw error("permission '\(capability)' is not granted (\(host.name))")
            }
            if !fromHost, let single = host.single {
                let result = try runningHost(calledFromLua: true) {
                    try single(UnsafeBufferPointer(start: stack + slot + 1, count: count))
                }
                if wanted < 0 {
                    stack[slot] = result
                    top = slot + 1
                } else if wanted > 0 {
                    stack[slot] = result
                    for index in 1..<wanted { stack[slot + index] = .nil }
                }
                try collectIfDue()
                return []
            }
            let arguments = Array(UnsafeBufferPointer(start: stack + slot + 1, count: count))
            let results = try runningHost(calledFromLua: !fromHost) { try host.body(arguments) }
            if fromHost { return results }
            place(results, at: slot, wanted: wanted)
            // Only now are the results where the collector sees them.
            try collectIfDue()
            return []
        }
        try pushFrame(callee, slot: slot, argumentCount: count, wanted: wanted, returnsToHost: returnsToHost ?? fromHost)
        if fromHost { return try execute() }
        return []
    }

    /// Gives the Lua function `callee` (at `slot`, its arguments above it) a
    /// frame: what ``invoke`` does for a Lua function, and what the dispatch
    /// loop calls directly for one, so that a Lua-to-Lua call makes no
    /// result array.
    @inline(__always)
    func pushFrame(_ callee: Value, slot: Int, argumentCount count: Int, wanted: Int, returnsToHost: Bool) throws {
        unowned(unsafe) var closure = callee.unmanaged(LuaClosure.self).takeUnretainedValue()
        var closureReference = callee.unmanaged(LuaClosure.self)
        if closure.isBinding {
            // A named function: the closure for its slot's current blob.
            if closure.resolvedGeneration == closure.slotGeneration.unsafelyUnwrapped.pointee, let resolved = closure.resolvedReference {
                closure = resolved.takeUnretainedValue()
                closureReference = resolved
            } else {
                closure = try resolve(closure)
                closureReference = Unmanaged.passUnretained(closure)
            }
        }
        unowned(unsafe) let proto = closure.proto
        let extra = proto.isVararg ? max(count - proto.parameterCount, 0) : 0
        guard frames.count < frameLimit, slot + 1 + max(count, proto.registerCount) + extra + 1 < stackSize else {
            throw error("stack overflow")
        }
        var base = slot + 1
        if extra > 0 {
            // The fixed parameters move above the extra arguments, which stay
            // where they are as the frame's varargs.
            base += count
            for index in 0..<proto.parameterCount { stack[base + index] = stack[slot + 1 + index] }
        } else if count < proto.parameterCount {
            for index in count..<proto.parameterCount { stack[base + index] = .nil }
        }
        frames.append(Frame(closureReference: closureReference, pc: 0, base: base, resultSlot: slot, wanted: wanted,
                            varargStart: slot + 1 + proto.parameterCount, varargCount: extra,
                            returnsToHost: returnsToHost))
    }

    /// Runs a host function's body with the bookkeeping that error messages
    /// read: where Lua's frames end, and whether Lua code made the call.
    @inline(__always)
    private func runningHost<Result>(calledFromLua: Bool, _ body: () throws -> Result) throws -> Result {
        hostCalls.append(frames.count)
        let callerWasLua = hostCalledFromLua
        hostCalledFromLua = calledFromLua
        defer {
            hostCalls.removeLast()
            hostCalledFromLua = callerWasLua
        }
        return try body()
    }

    /// Writes call results at `slot`, adjusted to `wanted` (-1: all, setting `top`).
    func place(_ results: [Value], at slot: Int, wanted: Int) {
        if wanted < 0 {
            for (index, value) in results.enumerated() { stack[slot + index] = value }
            top = slot + results.count
        } else {
            for index in 0..<wanted { stack[slot + index] = index < results.count ? results[index] : .nil }
        }
    }

    // MARK: Upvalues

    func findUpvalue(slot: Int) -> Upvalue {
        if slot > openUpvalueTop {
            // Above every open one, as for most closures: no search.
            let upvalue = heap.register(Upvalue(slot: slot, location: stack + slot))
            openUpvalues.append(upvalue)
            openUpvalueTop = slot
            return upvalue
        }
        var low = 0, high = openUpvalues.count
        while low < high {
            let middle = (low + high) / 2
            if openUpvalues[middle].slot < slot { low = middle + 1 } else { high = middle }
        }
        if low < openUpvalues.count, openUpvalues[low].slot == slot { return openUpvalues[low] }
        let upvalue = heap.register(Upvalue(slot: slot, location: stack + slot))
        openUpvalues.insert(upvalue, at: low)
        return upvalue
    }

    /// Closes the open upvalues at or above `slot`: they keep their values.
    // MARK: To-be-closed variables

    @inline(__always)
    func hasPendingClose(from slot: Int) -> Bool {
        if let last = toBeClosed.last { return last >= slot }
        return false
    }

    /// Calls `__close(value, nil)` of the to-be-closed variables at or above
    /// `slot`, newest first: a block or function ends normally.
    func closeVariables(from slot: Int) throws {
        while let last = toBeClosed.last, last >= slot {
            toBeClosed.removeLast()
            // A value whose __close went away since is an error, as in Lua.
            let value = stack[last]
            _ = try callMetamethod(metamethod(value, .close) ?? .nil, .close, [value, .nil])
        }
    }

    /// The same while `error` unwinds: each `__close` gets the error, and
    /// one that fails replaces it. Returns the error to go on with.
    func closeVariables(from slot: Int, unwinding error: LuaError) -> LuaError {
        closeVariables(from: slot, after: error) ?? error
    }

    /// Closes the variables from `slot` up, each `__close` getting the error
    /// so far (`error`, or nil), a failing one replacing it, as
    /// `coroutine.close` and an unwinding error do. Returns the last error.
    func closeVariables(from slot: Int, after error: LuaError?) -> LuaError? {
        var current = error
        while let last = toBeClosed.last, last >= slot {
            toBeClosed.removeLast()
            let value = stack[last]
            // The error lives only in Swift meanwhile: a root, in case the
            // __close collects garbage.
            let failure = current?.value ?? .nil
            errorsInFlight.append(failure)
            do {
                _ = try callMetamethod(metamethod(value, .close) ?? .nil, .close, [value, failure])
            } catch let next as LuaError {
                current = next
            } catch {}
            errorsInFlight.removeLast()
        }
        return current
    }

    @inline(__always)
    func closeUpvalues(from slot: Int) {
        // Most closes find nothing open above the slot: decide that inline.
        if openUpvalueTop >= slot { closeOpenUpvalues(from: slot) }
    }

    @inline(never)
    func closeOpenUpvalues(from slot: Int) {
        while let last = openUpvalues.last, last.slot >= slot {
            last.close()
            openUpvalues.removeLast()
        }
        openUpvalueTop = openUpvalues.last?.slot ?? -1
    }

    // MARK: The dispatch loop

    /// Runs frames until the one that `invoke` pushed for Swift returns; its
    /// results are returned.
    func execute() throws -> [Value] {
        // Frames above the one that returns to Swift belong to this loop; an
        // error in them ends at the nearest protected frame among them.
        let floor = frames.lastIndex(where: \.returnsToHost) ?? 0
        while true {
            do {
                return try dispatch()
            } catch let error as LuaError {
                guard let index = frames.lastIndex(where: \.protected), index > floor else { throw error }
                let frame = frames[index]
                var error = error
                if let last = messageHandlers.last, last.frame == index {
                    // xpcall's handler sees the error first, where it happened,
                    // as in Lua: with room for its own frames even when the
                    // error was a stack overflow.
                    messageHandlers.removeLast()
                    let (savedLimit, savedSize) = (frameLimit, stackSize)
                    frameLimit = max(frameLimit, frames.count + Self.messageHandlerRoom)
                    stackSize += Self.errorHandlingSlots
                    error = LuaError(value: handled(error.value, by: last.handler), message: error.message)
                    (frameLimit, stackSize) = (savedLimit, savedSize)
                }
                let final = closeVariables(from: frame.base, unwinding: error)
                closeUpvalues(from: frame.base)
                frames.removeLast(frames.count - index)
                hostCalls.removeLast()
                place([.false, final.value], at: frame.resultSlot, wanted: frame.wanted)
            }
        }
    }

    /// Runs the top frame and those it calls until the frame that returns to
    /// Swift returns.
    private func dispatch() throws -> [Value] {
        unowned(unsafe) var closure = frames.top.pointee.closure
        var upvalues = closure.upvalueList
        var code = closure.proto.code
        var constants = closure.proto.constants
        var base = frames.top.pointee.base
        var registers = stack + base
        var pc = frames.top.pointee.pc
        var budgetCounter = 0
        // After a call or return that changes the running frame, the cached
        // state above is reloaded, written out at each site: a local
        // function capturing these variables measured slower.

        while true {
            let instruction = Instruction(word: code[pc])
            pc += 1
            budgetCounter &+= 1
            if budgetCounter & 0x3FF == 0 {
                frames.top.pointee.pc = pc
                try checkBudget(1024)
                // Tables grow without allocating objects: look now and then.
                try collectIfDue()
            }
            let a = instruction.a
            switch instruction.verifiedOpcode {
            case .move:
                registers[a] = (registers[instruction.b])
            case .loadI:
                registers[a] = (.integer(Int64(instruction.sBx)))
            case .loadF:
                registers[a] = (.float(Double(instruction.sBx)))
            case .loadK:
                registers[a] = (constants[instruction.bx])
            case .loadFalse:
                registers[a] = (.false)
            case .loadFalseSkip:
                registers[a] = (.false)
                pc += 1
            case .loadTrue:
                registers[a] = (.true)
            case .loadNil:
                for index in a...(a + instruction.b) { registers[index] = (.nil) }
            case .getUpval:
                registers[a] = upvalues.read(instruction.b)
            case .setUpval:
                upvalues.write(instruction.b, registers[a])
            case .getTabUp:
                let environment = upvalues.read(instruction.b)
                let found = LuaTable.presentField(of: environment, constants[instruction.c])
                if !found.isNil {
                    registers[a] = found
                    continue
                }
                frames.top.pointee.pc = pc
                registers[a] = (try index(environment, constants[instruction.c]))
            case .setTabUp:
                frames.top.pointee.pc = pc
                try setIndex(upvalues.read(a), constants[instruction.b], registers[instruction.c])
            case .getTable:
                let key = registers[instruction.c]
                if key.tag == .integer, let found = LuaTable.plainElement(of: registers[instruction.b], key.integerValue) {
                    registers[a] = found
                    continue
                }
                frames.top.pointee.pc = pc
                registers[a] = (try index(registers[instruction.b], key, register: instruction.b))
            case .getI:
                if let found = LuaTable.plainElement(of: registers[instruction.b], Int64(instruction.c)) {
                    registers[a] = found
                    continue
                }
                frames.top.pointee.pc = pc
                registers[a] = (try index(registers[instruction.b], .integer(Int64(instruction.c)), register: instruction.b))
            case .getField:
                // A field that is there needs no metatable: read it here.
                let object = registers[instruction.b]
                let found = LuaTable.presentField(of: object, constants[instruction.c])
                if !found.isNil {
                    registers[a] = found
                    continue
                }
                frames.top.pointee.pc = pc
                registers[a] = (try index(object, constants[instruction.c], register: instruction.b))
            case .setTable:
                let key = registers[instruction.b]
                if key.tag == .integer, LuaTable.storePlainElement(of: registers[a], key.integerValue, registers[instruction.c]) {
                    continue
                }
                frames.top.pointee.pc = pc
                try setIndex(registers[a], key, registers[instruction.c], register: a)
            case .setI:
                if LuaTable.storePlainElement(of: registers[a], Int64(instruction.b), registers[instruction.c]) { continue }
                frames.top.pointee.pc = pc
                try setIndex(registers[a], .integer(Int64(instruction.b)), registers[instruction.c], register: a)
            case .setField:
                // A table without a metatable takes the field here.
                let object = registers[a]
                let key = constants[instruction.b]
                if object.tag == .table, key.tag == .string {
                    let stored = object.unmanaged(LuaTable.self)._withUnsafeGuaranteedRef { table -> Bool in
                        guard table.metatable == nil, !table.defersMisses else { return false }
                        try? table.set(key, registers[instruction.c])
                        return true
                    }
                    if stored { continue }
                }
                frames.top.pointee.pc = pc
                try setIndex(object, key, registers[instruction.c], register: a)
            case .newTable:
                let hint = instruction.b, keyed = instruction.c
                registers[a] = Value(heap.table(arrayCapacity: hint > 0 ? min(1 << (hint - 1), 1 << 16) : 0,
                                                hashCapacity: keyed > 0 ? min(1 << (keyed - 1), 1 << 16) : 0))
                frames.top.pointee.pc = pc
                try collectIfDue()
            case .self:
                frames.top.pointee.pc = pc
                let object = registers[instruction.b]
                registers[a + 1] = (object)
                registers[a] = (try index(object, constants[instruction.c], register: instruction.b))
            case .addI:
                let left = registers[instruction.b]
                if left.tag == .integer {
                    registers[a] = .integer(left.integerValue &+ Int64(instruction.sC))
                    continue
                }
                frames.top.pointee.pc = pc
                registers[a] = (try arithmetic(.add, registers[instruction.b], .integer(Int64(instruction.sC)), registers: (instruction.b, nil)))
            // Arithmetic with a constant, and below with two registers: each
            // common operation is its own case, so that it dispatches once
            // (a shared case switching again on the opcode measured 15 %
            // slower on integer loops); `fastArithmetic` and its kin are the
            // integer and float paths, `arithmetic` the rest.
            case .addK:
                let left = registers[instruction.b], right = constants[instruction.c]
                if let fast = Self.fastArithmetic(left, right, integer: { $0 &+ $1 }, float: { $0 + $1 }) { registers[a] = fast; continue }
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: .addK), left, right, registers: (instruction.b, nil))
            case .subK:
                let left = registers[instruction.b], right = constants[instruction.c]
                if let fast = Self.fastArithmetic(left, right, integer: { $0 &- $1 }, float: { $0 - $1 }) { registers[a] = fast; continue }
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: .subK), left, right, registers: (instruction.b, nil))
            case .mulK:
                let left = registers[instruction.b], right = constants[instruction.c]
                if let fast = Self.fastArithmetic(left, right, integer: { $0 &* $1 }, float: { $0 * $1 }) { registers[a] = fast; continue }
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: .mulK), left, right, registers: (instruction.b, nil))
            case .modK:
                let left = registers[instruction.b], right = constants[instruction.c]
                if let fast = Self.fastModulo(left, right) { registers[a] = fast; continue }
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: .modK), left, right, registers: (instruction.b, nil))
            case .divK:
                let left = registers[instruction.b], right = constants[instruction.c]
                if let fast = Self.fastDivision(left, right) { registers[a] = fast; continue }
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: .divK), left, right, registers: (instruction.b, nil))
            case .powK, .idivK, .bandK, .borK, .bxorK:
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: instruction.verifiedOpcode), registers[instruction.b], constants[instruction.c],
                                              registers: (instruction.b, nil))
            case .shrI:
                frames.top.pointee.pc = pc
                registers[a] = (try arithmetic(.shr, registers[instruction.b], .integer(Int64(instruction.sC))))
            case .shlI:
                frames.top.pointee.pc = pc
                registers[a] = (try arithmetic(.shl, .integer(Int64(instruction.sC)), registers[instruction.b]))
            case .add:
                let left = registers[instruction.b], right = registers[instruction.c]
                if let fast = Self.fastArithmetic(left, right, integer: { $0 &+ $1 }, float: { $0 + $1 }) { registers[a] = fast; continue }
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: .add), left, right, registers: (instruction.b, instruction.c))
            case .sub:
                let left = registers[instruction.b], right = registers[instruction.c]
                if let fast = Self.fastArithmetic(left, right, integer: { $0 &- $1 }, float: { $0 - $1 }) { registers[a] = fast; continue }
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: .sub), left, right, registers: (instruction.b, instruction.c))
            case .mul:
                let left = registers[instruction.b], right = registers[instruction.c]
                if let fast = Self.fastArithmetic(left, right, integer: { $0 &* $1 }, float: { $0 * $1 }) { registers[a] = fast; continue }
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: .mul), left, right, registers: (instruction.b, instruction.c))
            case .mod:
                let left = registers[instruction.b], right = registers[instruction.c]
                if let fast = Self.fastModulo(left, right) { registers[a] = fast; continue }
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: .mod), left, right, registers: (instruction.b, instruction.c))
            case .div:
                let left = registers[instruction.b], right = registers[instruction.c]
                if let fast = Self.fastDivision(left, right) { registers[a] = fast; continue }
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: .div), left, right, registers: (instruction.b, instruction.c))
            case .pow, .idiv, .band, .bor, .bxor, .shl, .shr:
                frames.top.pointee.pc = pc
                registers[a] = try arithmetic(Self.operation(of: instruction.verifiedOpcode), registers[instruction.b], registers[instruction.c],
                                              registers: (instruction.b, instruction.c))
            case .unm:
                frames.top.pointee.pc = pc
                registers[a] = (try arithmetic(.unm, registers[instruction.b], registers[instruction.b],
                                               registers: (instruction.b, instruction.b)))
            case .bnot:
                frames.top.pointee.pc = pc
                registers[a] = (try arithmetic(.bnot, registers[instruction.b], registers[instruction.b],
                                               registers: (instruction.b, instruction.b)))
            case .not:
                registers[a] = (.boolean(registers[instruction.b].isFalsy))
            case .len:
                frames.top.pointee.pc = pc
                registers[a] = (try length(registers[instruction.b], register: instruction.b))
            case .concat:
                frames.top.pointee.pc = pc
                let count = instruction.b
                if let joined = concatenatePlain(registers + a, count: count) {
                    registers[a] = joined
                    try collectIfDue()
                    continue
                }
                var result = registers[a + count - 1]
                for index in stride(from: a + count - 2, through: a, by: -1) {
                    // The right operand is an earlier result only after the first step.
                    let right = index == a + count - 2 ? index + 1 : -1
                    result = try concatenate(registers[index], result, registers: (index, right))
                }
                registers[a] = (result)
                try collectIfDue()
            case .close:
                if hasPendingClose(from: base + a) {
                    frames.top.pointee.pc = pc
                    try closeVariables(from: base + a)
                }
                closeUpvalues(from: base + a)
            case .tbc:
                let value = registers[a]
                if !value.isFalsy {
                    guard metamethod(value, .close) != nil else {
                        frames.top.pointee.pc = pc
                        let name = closure.proto.blob.localName(register: a, at: pc - 1) ?? "?"
                        throw error("variable '\(name)' got a non-closable value")
                    }
                    toBeClosed.append(base + a)
                }
            case .jmp:
                pc += instruction.sJ
            case .eq:
                frames.top.pointee.pc = pc
                if try equals(registers[a], registers[instruction.b]) != instruction.k { pc += 1 }
            case .lt:
                let left = registers[a], right = registers[instruction.b]
                if left.tag == .integer, right.tag == .integer {
                    if (left.integerValue < right.integerValue) != instruction.k { pc += 1 }
                    continue
                }
                frames.top.pointee.pc = pc
                if try less(registers[a], registers[instruction.b], orEqual: false) != instruction.k { pc += 1 }
            case .le:
                let left = registers[a], right = registers[instruction.b]
                if left.tag == .integer, right.tag == .integer {
                    if (left.integerValue <= right.integerValue) != instruction.k { pc += 1 }
                    continue
                }
                frames.top.pointee.pc = pc
                if try less(registers[a], registers[instruction.b], orEqual: true) != instruction.k { pc += 1 }
            case .eqK:
                if Value.rawEquals(registers[a], constants[instruction.b]) != instruction.k { pc += 1 }
            case .eqI:
                if Value.rawEquals(registers[a], .integer(Int64(instruction.sB))) != instruction.k { pc += 1 }
            case .ltI, .leI, .gtI, .geI:
                let value = registers[a]
                if value.tag == .integer {
                    let x = value.integerValue, y = Int64(instruction.sB)
                    let result: Bool = switch instruction.verifiedOpcode {
                    case .ltI: x < y
                    case .leI: x <= y
                    case .gtI: x > y
                    default: x >= y
                    }
                    if result != instruction.k { pc += 1 }
                    continue
                }
                frames.top.pointee.pc = pc
                let left = registers[a], right = Value.integer(Int64(instruction.sB))
                let result: Bool = switch instruction.verifiedOpcode {
                case .ltI: try less(left, right, orEqual: false)
                case .leI: try less(left, right, orEqual: true)
                case .gtI: try less(right, left, orEqual: false)
                default: try less(right, left, orEqual: true)
                }
                if result != instruction.k { pc += 1 }
            case .test:
                if !registers[a].isFalsy != instruction.k { pc += 1 }
            case .testSet:
                let value = registers[instruction.b]
                if !value.isFalsy != instruction.k { pc += 1 } else { registers[a] = (value) }
            case .call:
                frames.top.pointee.pc = pc
                let count = instruction.b == 0 ? top - (base + a + 1) : instruction.b - 1
                let depth = frames.count
                let callee = registers[a]
                if callee.tag == .function, !callee.unmanaged(LuaFunction.self).takeUnretainedValue().isHost {
                    try pushFrame(callee, slot: base + a, argumentCount: count, wanted: instruction.c - 1, returnsToHost: false)
                } else {
                    try invoke(slot: base + a, argumentCount: count, wanted: instruction.c - 1, fromHost: false)
                }
                if frames.count > depth { let resumed = frames.top.pointee; closure = resumed.closure; upvalues = closure.upvalueList; code = closure.proto.code; constants = closure.proto.constants; base = resumed.base; registers = stack + base; pc = resumed.pc }
            case .tailCall:
                frames.top.pointee.pc = pc
                let count = instruction.b == 0 ? top - (base + a + 1) : instruction.b - 1
                if registers[a].asFunction is LuaClosure, !frames.top.pointee.protected {
                    // A proper tail call: the callee takes this frame's place.
                    closeUpvalues(from: base)
                    let slot = frames.top.pointee.resultSlot
                    for index in 0...count { stack[slot + index] = stack[base + a + index] }
                    let finished = frames.removeLast()
                    try pushFrame(stack[slot], slot: slot, argumentCount: count, wanted: finished.wanted,
                                  returnsToHost: finished.returnsToHost)
                    let resumed = frames.top.pointee; closure = resumed.closure; upvalues = closure.upvalueList; code = closure.proto.code; constants = closure.proto.constants; base = resumed.base; registers = stack + base; pc = resumed.pc
                } else {
                    let depth = frames.count
                    try invoke(slot: base + a, argumentCount: count, wanted: -1, fromHost: false)
                    if frames.count > depth { let resumed = frames.top.pointee; closure = resumed.closure; upvalues = closure.upvalueList; code = closure.proto.code; constants = closure.proto.constants; base = resumed.base; registers = stack + base; pc = resumed.pc }
                }
            case .return, .return0, .return1:
                let count: Int
                let first: Int
                switch instruction.verifiedOpcode {
                case .return0: (first, count) = (0, 0)
                case .return1: (first, count) = (a, 1)
                default: (first, count) = (a, instruction.b == 0 ? top - (base + a) : instruction.b - 1)
                }
                if hasPendingClose(from: base) {
                    frames.top.pointee.pc = pc
                    let savedTop = top
                    top = max(top, base + first + count)
                    try closeVariables(from: base)
                    top = savedTop
                }
                closeUpvalues(from: base)
                let finished = frames.removeLast()
                if finished.returnsToHost {
                    let results = Array(UnsafeBufferPointer(start: stack + base + first, count: count))
                    return results
                }
                var destination = finished.resultSlot
                var wanted = finished.wanted
                if finished.protected {
                    // pcall's results: true, then the function's.
                    hostCalls.removeLast()
                    if let last = messageHandlers.last, last.frame == frames.count { messageHandlers.removeLast() }
                    if wanted != 0 { stack[destination] = .true }
                    destination += 1
                    if wanted > 0 { wanted -= 1 }
                }
                if wanted < 0 {
                    for index in 0..<count { stack[destination + index] = stack[base + first + index] }
                    top = destination + count
                } else {
                    for index in 0..<wanted {
                        stack[destination + index] = index < count ? stack[base + first + index] : .nil
                    }
                }
                let resumed = frames.top.pointee; closure = resumed.closure; upvalues = closure.upvalueList; code = closure.proto.code; constants = closure.proto.constants; base = resumed.base; registers = stack + base; pc = resumed.pc
            case .forPrep:
                frames.top.pointee.pc = pc
                if try prepareNumericLoop(base + a) { pc += instruction.bx + 1 }
            case .forLoop:
                if stepNumericLoop(base + a) { pc -= instruction.bx }
            case .tForPrep:
                let closing = registers[a + 3]
                if !closing.isFalsy {
                    guard metamethod(closing, .close) != nil else {
                        frames.top.pointee.pc = pc
                        throw error("variable '(for state)' got a non-closable value")
                    }
                    toBeClosed.append(base + a + 3)
                }
                pc += instruction.bx
            case .tForCall:
                // The iterator is called like any function, on copies of
                // itself, the state and the control variable: a Lua
                // iterator gets a frame of this loop, not a nested one.
                frames.top.pointee.pc = pc
                registers[a + 4] = registers[a]
                registers[a + 5] = registers[a + 1]
                registers[a + 6] = registers[a + 2]
                top = base + a + 7
                let depth = frames.count
                try invoke(slot: base + a + 4, argumentCount: 2, wanted: instruction.c, fromHost: false)
                if frames.count > depth { let resumed = frames.top.pointee; closure = resumed.closure; upvalues = closure.upvalueList; code = closure.proto.code; constants = closure.proto.constants; base = resumed.base; registers = stack + base; pc = resumed.pc }
            case .tForLoop:
                let control = registers[a + 4]
                if !control.isNil {
                    registers[a + 2] = (control)
                    pc -= instruction.bx
                }
            case .setList:
                var offset = instruction.c
                if instruction.k {
                    offset = Instruction(word: code[pc]).ax
                    pc += 1
                }
                let count = instruction.b == 0 ? top - (base + a + 1) : instruction.b
                registers[a].asTable!.setList(from: Int64(offset + 1), UnsafeBufferPointer(start: registers + a + 1, count: count))
            case .closure:
                let proto = closure.proto.children[instruction.bx]
                registers[a] = (Value(makeClosure(proto, parent: closure, base: base)))
                frames.top.pointee.pc = pc
                try collectIfDue()
            case .closureNamed:
                frames.top.pointee.pc = pc
                let name = String(decoding: constants[instruction.bx].asString!.bytes, as: UTF8.self)
                registers[a] = Value(try makeNamedClosure(name, chunk: closure, base: base, register: a))
                try collectIfDue()
            case .vararg:
                let start = frames.top.pointee.varargStart, count = frames.top.pointee.varargCount
                if instruction.c == 0 {
                    guard base + a + count < stackSize else { frames.top.pointee.pc = pc; throw error("stack overflow") }
                    for index in 0..<count { registers[a + index] = stack[start + index] }
                    top = base + a + count
                } else {
                    for index in 0..<(instruction.c - 1) { registers[a + index] = index < count ? stack[start + index] : .nil }
                }
            case .varargPrep:
                break
            case .extraArg:
                break
            }
        }
    }

    /// A closure of `proto` made by `parent`'s frame at `base`: upvalues from
    /// the frame's registers or from the parent's own upvalues.
    func makeClosure(_ proto: Proto, parent: LuaClosure, base: Int) -> LuaClosure {
        let sources = proto.upvalueSources
        return heap.register(LuaClosure(proto: proto, upvalueCount: proto.upvalueSourceCount) { index in
            let source = sources[index]
            return source >= 0 ? findUpvalue(slot: base + source) : parent.upvalue(~source).takeUnretainedValue()
        })
    }

    static func operation(of opcode: Opcode) -> Arithmetic.Operation {
        switch opcode {
        case .add, .addK, .addI: .add
        case .sub, .subK: .sub
        case .mul, .mulK: .mul
        case .mod, .modK: .mod
        case .pow, .powK: .pow
        case .div, .divK: .div
        case .idiv, .idivK: .idiv
        case .band, .bandK: .band
        case .bor, .borK: .bor
        case .bxor, .bxorK: .bxor
        case .shl, .shlI: .shl
        default: .shr
        }
    }

    /// The instruction budget per call into the VM; `nil` for none.
    func checkBudget(_ spent: Int) throws {
        guard var remaining = instructionBudget else { return }
        remaining -= spent
        instructionBudget = remaining
        if remaining < 0 {
            instructionBudget = nil
            throw error("instruction budget exhausted")
        }
    }

    // MARK: Numeric for

    /// Prepares `for v = init, limit, step`; returns true when the loop runs
    /// no time. Integer loops precompute their iteration count, as Lua 5.4 does.
    func prepareNumericLoop(_ slot: Int) throws -> Bool {
        let initial = stack[slot], limit = stack[slot + 1], step = stack[slot + 2]
        if initial.tag == .integer, step.tag == .integer {
            let i = initial.integerValue, s = step.integerValue
            if s == 0 { throw error("'for' step is zero") }
            guard let bound = try loopLimit(limit, step: s) else { return true }
            if s > 0 ? i > bound : i < bound { return true }
            // Iterations after the first, as an unsigned count.
            let count = s > 0 ? (UInt64(bitPattern: bound) &- UInt64(bitPattern: i)) / UInt64(s)
                : (UInt64(bitPattern: i) &- UInt64(bitPattern: bound)) / (UInt64(bitPattern: 0 &- (s &+ 1)) &+ 1)
            stack[slot + 1] = Value(tag: .integer, payload: count)
            stack[slot + 3] = initial
            return false
        }
        // Strings that read as numbers are numbers here, as in arithmetic.
        guard let l = Arithmetic.number(limit)?.asDouble else { throw forError("limit", limit) }
        guard let s = Arithmetic.number(step)?.asDouble else { throw forError("step", step) }
        guard let i = Arithmetic.number(initial)?.asDouble else { throw forError("initial value", initial) }
        if s == 0 { throw error("'for' step is zero") }
        if s > 0 ? !(i <= l) : !(i >= l) { return true }
        stack[slot] = .float(i)
        stack[slot + 1] = .float(l)
        stack[slot + 2] = .float(s)
        stack[slot + 3] = .float(i)
        return false
    }

    /// The integer bound of an integer loop with a limit of any number type;
    /// nil when the loop cannot run.
    private func loopLimit(_ written: Value, step: Int64) throws -> Int64? {
        guard let limit = Arithmetic.number(written) else { throw forError("limit", written) }
        if limit.tag == .integer { return limit.integerValue }
        let f = limit.floatValue
        if f.isNaN { return nil }
        if step > 0 {
            if f >= 9.223372036854775807e18 { return Int64.max }
            if f < -9.223372036854775808e18 { return nil }
            return Int64(f.rounded(.down))
        }
        if f < -9.223372036854775808e18 { return Int64.min }
        if f >= 9.223372036854775807e18 { return nil }
        return Int64(f.rounded(.up))
    }

    /// Lua 5.4's error for a loop value that is not a number.
    private func forError(_ what: String, _ value: Value) -> LuaError {
        error("bad 'for' \(what) (number expected, got \(typeName(value)))")
    }

    /// `left op right` when both are integers or both are floats, the
    /// cases the dispatch loop finishes itself; nil for anything else.
    @inline(__always)
    static func fastArithmetic(_ left: Value, _ right: Value, integer: (Int64, Int64) -> Int64,
                               float: (Double, Double) -> Double) -> Value? {
        if left.tag == .integer, right.tag == .integer { return .integer(integer(left.integerValue, right.integerValue)) }
        if left.tag == .float, right.tag == .float { return .float(float(left.floatValue, right.floatValue)) }
        return nil
    }

    /// Integer `%` by a positive divisor; nil for anything else.
    @inline(__always)
    static func fastModulo(_ left: Value, _ right: Value) -> Value? {
        guard left.tag == .integer, right.tag == .integer, right.integerValue > 0 else { return nil }
        return .integer(LuaArithmetic.floorModulo(left.integerValue, right.integerValue))
    }

    /// `/` of two floats; nil for anything else.
    @inline(__always)
    static func fastDivision(_ left: Value, _ right: Value) -> Value? {
        guard left.tag == .float, right.tag == .float else { return nil }
        return .float(left.floatValue / right.floatValue)
    }

    /// One step of a numeric loop; true when it goes on.
    @inline(__always)
    func stepNumericLoop(_ slot: Int) -> Bool {
        let step = stack[slot + 2]
        if step.tag == .integer {
            let count = stack[slot + 1].payload
            guard count > 0 else { return false }
            stack[slot + 1].payload = count - 1
            let next = stack[slot].integerValue &+ step.integerValue
            stack[slot] = .integer(next)
            stack[slot + 3] = .integer(next)
            return true
        }
        let next = stack[slot].floatValue + step.floatValue
        let limit = stack[slot + 1].floatValue
        guard step.floatValue > 0 ? next <= limit : next >= limit else { return false }
        stack[slot] = .float(next)
        stack[slot + 3] = .float(next)
        return true
    }
}

extension Value {
    var asDouble: Double? {
        switch tag {
        case .integer: Double(integerValue)
        case .float: floatValue
        default: nil
        }
    }
}

extension VM {
    /// What register `register` of the running frame holds, as Lua's error
    /// messages name it (`global 'f'`, `field 'x'`, `upvalue 'n'`,
    /// `method 'm'`, `local 'p'` for a parameter), found from the instruction
    /// that last wrote it.
    /// How the Lua code that called the running host function named it:
    /// the kind (`method` for `s:sub()`, `local`, `global`, `field`, ...)
    /// and the name (`sub`), as Lua's messages use them; `for iterator`
    /// for the iterator of a generic `for`.
    func callSite() -> (kind: String, name: String)? {
        guard let frame = frames.last, frame.pc >= 1 else { return nil }
        let instruction = Instruction(word: frame.closure.proto.code[frame.pc - 1])
        if instruction.opcode == .tForCall { return ("for iterator", "for iterator") }
        guard instruction.opcode == .call || instruction.opcode == .tailCall else { return nil }
        return objectName(instruction.a, at: frame.pc - 1, in: frame.closure.proto)
    }

    /// How an error names the function in `register` that cannot be called.
    func calleeName(_ register: Int) -> String? {
        guard let frame = frames.last, frame.pc >= 1 else { return nil }
        if Instruction(word: frame.closure.proto.code[frame.pc - 1]).opcode == .tForCall { return "for iterator 'for iterator'" }
        return variableName(register)
    }

    /// How Lua's messages name the value in `register` of the running
    /// frame: the local it is, or how the instruction that last wrote it
    /// got it (`global 'x'`, `field 'y'`, `method 'm'`, `upvalue 'u'`,
    /// `constant 'c'`); nil when no single instruction is known to have.
    func variableName(_ register: Int) -> String? {
        guard let frame = frames.last,
              let (kind, name) = objectName(register, at: frame.pc - 1, in: frame.closure.proto) else { return nil }
        return "\(kind) '\(name)'"
    }

    /// Lua's `getobjname`: what kind of name the value in `register` has
    /// at `lastPC` (`local`, `global`, `field`, `method`, `upvalue`,
    /// `constant`) and the name; nil when no single instruction is known
    /// to have written it.
    private func objectName(_ register: Int, at lastPC: Int, in proto: Proto) -> (kind: String, name: String)? {
        let blob = proto.blob
        func constantName(_ index: Int) -> String? {
            guard index < proto.constantCount, let string = proto.constants[index].asString else { return nil }
            return String(decoding: string.bytes, as: UTF8.self)
        }
        // A register that holds a named local right now is that local.
        if let local = blob.localName(register: register, at: lastPC) { return ("local", local) }
        guard let pc = setter(of: register, before: lastPC, in: proto) else { return nil }
        let instruction = Instruction(word: proto.code[pc])
        func upvalueName(_ index: Int) -> String? { index < blob.upvalues.count ? blob.upvalues[index].name : nil }
        /// A key that is a constant, or a register loaded with a constant string.
        func keyName(_ operand: Int, isConstant: Bool) -> String {
            if isConstant { return constantName(operand) ?? "?" }
            guard let (kind, name) = objectName(operand, at: pc, in: proto), kind == "constant" else { return "?" }
            return name
        }
        /// "global" when the indexed table is the environment (`_ENV`).
        func tableKind(upvalue: Int? = nil, register: Int? = nil) -> String {
            let name = upvalue.flatMap(upvalueName) ?? register.flatMap { objectName($0, at: pc, in: proto)?.name }
            return name == "_ENV" ? "global" : "field"
        }
        switch instruction.opcode {
        case .move?:
            // A copy of a lower register is named as that register was.
            return instruction.b < instruction.a ? objectName(instruction.b, at: pc, in: proto) : nil
        case .getTabUp?:
            return (tableKind(upvalue: instruction.b), keyName(instruction.c, isConstant: true))
        case .getTable?:
            return (tableKind(register: instruction.b), keyName(instruction.c, isConstant: false))
        case .getField?:
            return (tableKind(register: instruction.b), keyName(instruction.c, isConstant: true))
        case .getI?:
            return ("field", "integer index")  // Lua 5.4's wording for t[1]
        case .self?:
            return ("method", keyName(instruction.c, isConstant: true))  // SELF always names a constant
        case .loadK?:
            return constantName(instruction.bx).map { ("constant", $0) }
        case .getUpval?:
            return upvalueName(instruction.b).map { ("upvalue", $0) }
        default:
            return nil
        }
    }

    /// The last instruction before `lastPC` that wrote `register`, as Lua
    /// finds it: nil when none did, or when the last one is skipped by a
    /// forward jump (the value may come from elsewhere, as in `a or b`).
    private func setter(of register: Int, before lastPC: Int, in proto: Proto) -> Int? {
        var found: Int?
        var jumpTarget = 0
        for pc in 0..<min(lastPC, proto.blob.instructions.count) {
            let instruction = Instruction(word: proto.code[pc])
            guard let opcode = instruction.opcode else { return nil }
            let a = instruction.a
            let changes: Bool
            switch opcode {
            case .loadNil: changes = a <= register && register <= a + instruction.b
            case .tForCall: changes = register >= a + 2
            case .call, .tailCall: changes = register >= a
            case .jmp:
                let target = pc + 1 + instruction.sJ
                if target <= lastPC, target > jumpTarget { jumpTarget = target }
                changes = false
            default: changes = opcode.setsA && register == a
            }
            if changes { found = pc < jumpTarget ? nil : pc }
        }
        return found
    }
}

extension Instruction {
    /// The opcode of an instruction of a verified blob, decoded without a
    /// check: `Opcode`'s raw values are its case indices, 0 up, and the
    /// verifier has rejected every word whose opcode is out of range.
    @inline(__always)
    var verifiedOpcode: Opcode {
        unsafeBitCast(UInt8(truncatingIfNeeded: word & 0x7F), to: Opcode.self)
    }
}
