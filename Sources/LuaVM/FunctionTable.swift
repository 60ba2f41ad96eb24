import BlobFormat

/// A named function's blob, decoded and verified with the closures nested in
/// it, ready to be installed without anything left that can fail.
public struct PreparedFunction {
    public let name: String
    public let hash: FunctionHash
    let source: String
    let proto: Proto
}

/// What ``VM/restore(_:)`` puts back: the named functions and the globals
/// as they were when ``VM/checkpoint()`` was taken.
public final class Checkpoint {
    let functions: [String: NamedFunction.Saved]
    let slots: [String: NamedFunction]
    let globals: [(key: Value, value: Value)]

    init(functions: [String: NamedFunction.Saved], slots: [String: NamedFunction], globals: [(key: Value, value: Value)]) {
        self.functions = functions
        self.slots = slots
        self.globals = globals
    }

    func mark(_ gray: inout GrayList) {
        for saved in functions.values {
            saved.proto?.mark(&gray)
            saved.site?.mark(&gray)
        }
        for slot in slots.values { slot.mark(&gray) }
        for entry in globals {
            entry.key.mark(&gray)
            entry.value.mark(&gray)
        }
    }
}

extension VM {
    /// Whether the named function's blob has been decoded (it is decoded
    /// on its first call).
    public func isDecoded(_ name: String) -> Bool { functions[name]?.proto != nil }

    /// Declares the named function `name` with the blob `hash`, defined by
    /// the chunk of `source`; its blob is read through ``blobs`` on its
    /// first call. Declaring a name again with another hash patches it:
    /// frames already running finish on the old blob, every later call of
    /// any closure made for the name runs the new one.
    public func define(_ name: String, hash: FunctionHash, source: String) {
        define(name, hash: hash, source: source, proto: nil)
    }

    /// Decodes and verifies a named function's blob (and its nested
    /// closures, read through ``blobs``) without changing what runs.
    public func prepare(_ name: String, blob: FunctionBlob, hash: FunctionHash? = nil, source: String) throws -> PreparedFunction {
        let proto = try makeProto(blob, hash: hash, source: source, origin: .named(name))
        return PreparedFunction(name: name, hash: proto.hash, source: source, proto: proto)
    }

    /// Installs a prepared function: the patch that ``define(_:hash:source:)``
    /// makes, with the blob already decoded.
    public func install(_ prepared: PreparedFunction) {
        define(prepared.name, hash: prepared.hash, source: prepared.source, proto: prepared.proto)
    }

    func define(_ name: String, hash: FunctionHash, source: String, proto: Proto?) {
        guard let function = functions[name] else {
            functions[name] = NamedFunction(name: name, hash: hash, proto: proto, source: source)
            return
        }
        function.source = source
        if function.hash == hash {
            if function.proto == nil { function.proto = proto }
            return
        }
        function.hash = hash
        function.proto = proto
        function.generation += 1
    }

    /// Forgets the named function `name`. Closures already made for it keep
    /// calling its last blob; a chunk that makes it again fails.
    public func removeFunction(_ name: String) {
        functions[name] = nil
    }

    /// Remembers the named functions and the globals, so that a reload that
    /// fails halfway can be undone with ``restore(_:)``. Tables inside the
    /// globals are not copied: changes to their contents are not undone.
    public func checkpoint() -> Checkpoint {
        let checkpoint = Checkpoint(functions: functions.mapValues(\.saved), slots: functions, globals: globals.entries)
        checkpoints.append(checkpoint)
        return checkpoint
    }

    /// Puts back what `checkpoint` remembered and forgets it.
    public func restore(_ checkpoint: Checkpoint) {
        functions = checkpoint.slots
        for (name, saved) in checkpoint.functions { functions[name]?.restore(saved) }
        for entry in globals.entries { try? globals.set(entry.key, .nil) }
        for entry in checkpoint.globals { try? globals.set(entry.key, entry.value) }
        discard(checkpoint)
    }

    /// The blobs that frames are running now, innermost last.
    public var runningHashes: [FunctionHash] { frames.map(\.closure.proto.hash) }

    /// Sets the global at `name` (`foo`, `M.f`, `A:m` as `A.m`) to nil, when
    /// the tables on its way exist.
    public func unset(_ name: String) {
        var path = name.split(whereSeparator: { $0 == "." || $0 == ":" }).map(String.init)
        let last = path.removeLast()
        var table: LuaTable? = globals
        for component in path { table = table?.get(string(component)).asTable }
        try? table?.set(string(last), .nil)
    }

    /// Forgets `checkpoint` (the reload it guarded succeeded).
    public func discard(_ checkpoint: Checkpoint) {
        checkpoints.removeAll { $0 === checkpoint }
    }
}
