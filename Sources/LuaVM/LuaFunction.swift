/// A callable value: a Lua closure or a host function. The interpreter
/// dispatches on the concrete kind.
class LuaFunction: HeapObject {
    /// Whether this is a ``HostFunction`` (checked on every call, so a
    /// stored flag rather than a dynamic cast).
    let isHost: Bool

    init(isHost: Bool) { self.isHost = isHost }
}

/// A function written in Swift and registered by the host or a library:
/// it takes its arguments and returns its results.
final class HostFunction: LuaFunction {
    let name: String
    /// The capability a VM must grant before scripts may call it, if any.
    let capability: String?
    let body: ([Value]) throws -> [Value]
    /// For a function that always returns one value: a body that reads the
    /// arguments where they are, so that a call from Lua builds no arrays.
    let single: ((UnsafeBufferPointer<Value>) throws -> Value)?
    /// Values the body holds on to (a wrapped coroutine), kept alive by
    /// the collector.
    var captured: [Value] = []

    override func traverse(_ gray: inout GrayList) {
        for value in captured { value.mark(&gray) }
    }

    init(name: String, capability: String? = nil, body: @escaping ([Value]) throws -> [Value]) {
        self.name = name
        self.capability = capability
        self.body = body
        single = nil
        super.init(isHost: true)
    }

    /// A function that always returns one value, computed by `single`.
    init(name: String, single: @escaping (UnsafeBufferPointer<Value>) throws -> Value) {
        self.name = name
        capability = nil
        body = { arguments in try arguments.withUnsafeBufferPointer { [try single($0)] } }
        self.single = single
        super.init(isHost: true)
    }
}
