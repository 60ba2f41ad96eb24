/// The `coroutine` library.
enum CoroutineLibrary {
    static func install(_ vm: VM) {
        let library = vm.heap.table()
        try? vm.globals.set(vm.string("coroutine"), Value(library))

        func coroutine(_ arguments: [Value], _ function: String) throws -> Coroutine {
            let value = BaseLibrary.argument(arguments, 0)
            guard let coroutine = value.asCoroutine else {
                throw BaseLibrary.badArgument(vm, 1, function, "thread expected, got \(BaseLibrary.typeNameForArgument(vm, arguments, 0))")
            }
            return coroutine
        }
        func make(_ arguments: [Value], _ function: String) throws -> Coroutine {
            let body = BaseLibrary.argument(arguments, 0)
            guard body.tag == .function else {
                throw BaseLibrary.badArgument(vm, 1, function, "function expected, got \(BaseLibrary.typeNameForArgument(vm, arguments, 0))")
            }
            guard let made = Coroutine(function: body) else { throw vm.error("not enough memory") }
            return vm.heap.register(made)
        }

        vm.define("create", in: library) { arguments in [Value(try make(arguments, "coroutine.create"))] }
        vm.define("resume", in: library) { [unowned vm] arguments in
            let target = try coroutine(arguments, "coroutine.resume")
            do {
                return [.true] + (try vm.resume(target, Array(arguments.dropFirst())))
            } catch let error as LuaError {
                return [.false, error.value]
            }
        }
        vm.define("yield", in: library) { [unowned vm] _ in
            // Reached only through a host call that cannot yield.
            throw vm.plainError("attempt to yield across a C-call boundary")
        }
        vm.yieldFunction = library.get(vm.string("yield")).asFunction as? HostFunction
        vm.define("status", in: library) { [unowned vm] arguments in
            [vm.string(try coroutine(arguments, "coroutine.status").status.rawValue)]
        }
        vm.define("running", in: library) { [unowned vm] _ in
            [Value(vm.runningThread), .boolean(vm.runningThread === vm.mainThread)]
        }
        // Of the running coroutine, or of the one given: the main thread
        // never yields, another coroutine may when it runs.
        vm.define("isyieldable", in: library) { [unowned vm] arguments in
            guard !arguments.isEmpty else { return [.boolean(vm.isYieldable)] }
            let target = try coroutine(arguments, "coroutine.isyieldable")
            if target === vm.mainThread { return [.false] }
            return [.boolean(target === vm.runningThread ? vm.isYieldable : true)]
        }
        vm.define("close", in: library) { [unowned vm] arguments in
            try vm.close(try coroutine(arguments, "coroutine.close"))
        }
        vm.define("wrap", in: library) { [unowned vm] arguments in
            let target = try make(arguments, "coroutine.wrap")
            let wrapper = vm.heap.register(HostFunction(name: "wrap") { [unowned vm, unowned target] arguments in
                do {
                    return try vm.resume(target, arguments)
                } catch let error as LuaError {
                    // As Lua does: a string error gets the caller's position.
                    guard error.value.tag == .string, let position = vm.position(level: 1) else { throw error }
                    let message = "\(position) \(error.message)"
                    throw LuaError(value: vm.string(message), message: message)
                }
            })
            wrapper.captured = [Value(target)]
            return [Value(wrapper)]
        }
    }
}
