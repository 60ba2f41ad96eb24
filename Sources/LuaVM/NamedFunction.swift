import BlobFormat

/// One named function of the loaded script set (`foo`, `M.f`, `A:m`,
/// `net.http::h`): its current blob, decoded on first use, and where its
/// chunk defined it. Every closure that a chunk made for the name calls
/// through this slot, so replacing the slot's blob changes what every later
/// call runs, while frames already running finish on the blob they started.
final class NamedFunction {
    let name: String
    /// The hash of the current blob.
    var hash: FunctionHash
    /// The current blob, decoded; nil until the first call needs it.
    var proto: Proto?
    /// The file whose chunk defines the function (for messages).
    var source: String
    /// Bumped whenever a call must find a new closure: the blob changed, or
    /// the chunk ran again and captured new variables.
    var generation: Int {
        get { generationCell.pointee }
        set { generationCell.pointee = newValue }
    }
    /// Where the generation lives, so that a call through a binding reads
    /// it without touching the slot's reference count.
    let generationCell: UnsafeMutablePointer<Int> = {
        let cell = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        cell.initialize(to: 0)
        return cell
    }()
    /// What the chunk's last run captured when it made the function.
    var site: CaptureSite?
    /// The chunk run that made `site`.
    var run = -1

    deinit { generationCell.deallocate() }

    init(name: String, hash: FunctionHash, proto: Proto?, source: String) {
        self.name = name
        self.hash = hash
        self.proto = proto
        self.source = source
    }

    func mark(_ gray: inout GrayList) {
        if let proto { proto.mark(&gray) }
        site?.mark(&gray)
    }

    /// The state a reload may have to put back.
    struct Saved {
        let hash: FunctionHash
        let proto: Proto?
        let source: String
        let generation: Int
        let site: CaptureSite?
        let run: Int
    }

    var saved: Saved { Saved(hash: hash, proto: proto, source: source, generation: generation, site: site, run: run) }

    func restore(_ saved: Saved) {
        hash = saved.hash
        proto = saved.proto
        source = saved.source
        // A restored slot must not reuse closures resolved in between.
        generation = max(generation, saved.generation) + 1
        site = saved.site
        run = saved.run
    }
}

/// The variables a chunk offered a named function when it made it: the
/// chunk's own upvalues (its `_ENV`) and its registers up to the function's
/// (the file-level locals in scope). A blob for the name, the first one or
/// a later patch, takes its upvalues from here, so a new version can use a
/// file-level local that the old one did not.
final class CaptureSite {
    let chunk: LuaClosure
    let registers: [Upvalue]

    init(chunk: LuaClosure, registers: [Upvalue]) {
        self.chunk = chunk
        self.registers = registers
    }

    func mark(_ gray: inout GrayList) {
        if !chunk.marked { gray.append(chunk) }
        for upvalue in registers where !upvalue.marked { gray.append(upvalue) }
    }
}

/// What a closure made by `CLOSURENAMED` holds instead of a prototype: the
/// slot it calls through and the variables its chunk offered.
final class NamedBinding {
    let function: NamedFunction
    let site: CaptureSite
    /// The chunk run that made this closure.
    let run: Int

    init(function: NamedFunction, site: CaptureSite, run: Int) {
        self.function = function
        self.site = site
        self.run = run
    }
}

extension VM {
    /// The closure that a call of `handle` runs now: the named function's
    /// current blob with upvalues from its capture site. Made once per
    /// generation of the slot.
    @inline(never)
    func resolve(_ handle: LuaClosure) throws -> LuaClosure {
        let binding = handle.binding!
        let function = binding.function
        let proto = try function.proto ?? materialize(function)
        // Closures from an earlier run of a chunk that ran again use what the
        // new run captured: the new blob was compiled against the new chunk.
        let site = binding.run == function.run ? binding.site : (function.site ?? binding.site)
        var upvalues: [Upvalue] = []
        upvalues.reserveCapacity(proto.blob.upvalues.count)
        for descriptor in proto.blob.upvalues {
            if descriptor.fromParentRegister {
                guard descriptor.index < site.registers.count else {
                    throw error("function '\(function.name)' uses a local variable that its chunk does not provide; reload its file")
                }
                upvalues.append(site.registers[descriptor.index])
            } else {
                guard descriptor.index < site.chunk.upvalueCount else {
                    throw error("function '\(function.name)' uses an upvalue that its chunk does not provide")
                }
                upvalues.append(site.chunk.upvalue(descriptor.index).takeUnretainedValue())
            }
        }
        let closure = heap.register(LuaClosure(proto: proto, upvalues: upvalues))
        handle.resolved = closure
        handle.resolvedGeneration = function.generation
        return closure
    }

    /// Decodes a named function's blob on its first call.
    func materialize(_ function: NamedFunction) throws -> Proto {
        let blob: FunctionBlob
        do {
            guard let blobs else { throw LoadError.missingFunction(function.name) }
            blob = try blobs(function.hash)
        } catch {
            throw self.error("cannot load function '\(function.name)': \(error)")
        }
        let proto = try makeProto(blob, hash: function.hash, source: function.source, origin: .named(function.name))
        function.proto = proto
        return proto
    }

    /// The slot of a named function that no one declared, from
    /// ``functionBlobs``, for the chunk of `source` that makes it.
    private func declaredOnDemand(_ name: String, source: String) -> NamedFunction? {
        guard let hash = functionBlobs?(name) else { return nil }
        let function = NamedFunction(name: name, hash: hash, proto: nil, source: source)
        functions[name] = function
        return function
    }

    /// What `CLOSURENAMED` makes: a closure that calls through the slot of
    /// `name`, capturing the chunk's registers up to `register`.
    func makeNamedClosure(_ name: String, chunk: LuaClosure, base: Int, register: Int) throws -> LuaClosure {
        guard let function = functions[name] ?? declaredOnDemand(name, source: chunk.proto.source) else {
            throw error("function '\(name)' is not loaded")
        }
        let site = CaptureSite(chunk: chunk, registers: (0...register).map { findUpvalue(slot: base + $0) })
        if function.run != chunkRun {
            function.run = chunkRun
            function.generation += 1
        }
        function.site = site
        let binding = NamedBinding(function: function, site: site, run: chunkRun)
        return heap.register(LuaClosure(binding: binding))
    }
}
