import BlobFormat
/// A Lua value in 16 bytes: a tag and 64 bits of payload. Integers, floats
/// and booleans live in the payload; heap objects (strings, tables,
/// functions) as an unmanaged pointer, so copying a value never touches a
/// reference count. The ``Heap`` owns every object, and its tracing
/// collector frees the unreachable ones, cycles included.
public struct Value: @unchecked Sendable {
    @usableFromInline var payload: UInt64
    @usableFromInline var tag: Tag

    /// What a value is. The order matters: every tag from `string` on is a
    /// heap object.
    @usableFromInline enum Tag: UInt8 {
        case `nil`, `false`, `true`, integer, float, string, table, function, thread, userdata
    }

    @inlinable init(tag: Tag, payload: UInt64 = 0) {
        self.tag = tag
        self.payload = payload
    }

    public static let `nil` = Value(tag: .nil)
    public static let `true` = Value(tag: .true)
    public static let `false` = Value(tag: .false)

    @inlinable public static func boolean(_ value: Bool) -> Value { Value(tag: value ? .true : .false) }
    @inlinable public static func integer(_ value: Int64) -> Value { Value(tag: .integer, payload: UInt64(bitPattern: value)) }
    @inlinable public static func float(_ value: Double) -> Value { Value(tag: .float, payload: value.bitPattern) }

    init(_ string: LuaString) { self.init(object: string, tag: .string) }
    init(_ table: LuaTable) { self.init(object: table, tag: .table) }
    init(_ function: LuaFunction) { self.init(object: function, tag: .function) }
    init(_ coroutine: Coroutine) { self.init(object: coroutine, tag: .thread) }
    init(_ userdata: LuaUserdata) { self.init(object: userdata, tag: .userdata) }

    @inlinable init(object: HeapObject, tag: Tag) {
        self.tag = tag
        payload = UInt64(UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque()))
    }

    /// The heap object of a string, table or function value.
    @inlinable var object: HeapObject? {
        guard tag.rawValue >= Tag.string.rawValue else { return nil }
        return Unmanaged<HeapObject>.fromOpaque(UnsafeRawPointer(bitPattern: UInt(payload))!).takeUnretainedValue()
    }

    /// Whether a weak table holds this value weakly: an object other than
    /// a string (strings are values, never collected from weak tables).
    var isWeakReference: Bool { tag.rawValue > Tag.string.rawValue }

    @inlinable public var isNil: Bool { tag == .nil }
    /// `nil` and `false` are false; everything else is true.
    @inlinable public var isFalsy: Bool { tag == .nil || tag == .false }

    @inlinable var integerValue: Int64 { Int64(bitPattern: payload) }
    @inlinable var floatValue: Double { Double(bitPattern: payload) }

    /// The object of a string, table, function, thread or userdata value as
    /// an unmanaged reference: reading through it (`_withUnsafeGuaranteedRef`)
    /// costs no reference counting, and the heap keeps the object alive.
    @inline(__always) func unmanaged<Object: HeapObject>(_ type: Object.Type) -> Unmanaged<Object> {
        Unmanaged<Object>.fromOpaque(UnsafeRawPointer(bitPattern: UInt(payload)).unsafelyUnwrapped)
    }

    var asString: LuaString? { tag == .string ? unsafeDowncast(object!, to: LuaString.self) : nil }
    var asTable: LuaTable? { tag == .table ? unsafeDowncast(object!, to: LuaTable.self) : nil }
    var asFunction: LuaFunction? { tag == .function ? unsafeDowncast(object!, to: LuaFunction.self) : nil }
    var asCoroutine: Coroutine? { tag == .thread ? unsafeDowncast(object!, to: Coroutine.self) : nil }
    var asUserdata: LuaUserdata? { tag == .userdata ? unsafeDowncast(object!, to: LuaUserdata.self) : nil }

    /// Lua's name for the value's type, as `type(v)` returns it.
    public var typeName: String {
        switch tag {
        case .nil: "nil"
        case .false, .true: "boolean"
        case .integer, .float: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        case .thread: "thread"
        case .userdata: "userdata"
        }
    }

    /// Raw equality (`rawequal`): numbers by value (1 == 1.0), strings by
    /// content, tables and functions by identity.
    static func rawEquals(_ a: Value, _ b: Value) -> Bool {
        switch (a.tag, b.tag) {
        case (.integer, .integer): return a.payload == b.payload
        case (.float, .float): return a.floatValue == b.floatValue
        case (.integer, .float): return LuaArithmetic.exactInteger(b.floatValue) == a.integerValue
        case (.float, .integer): return LuaArithmetic.exactInteger(a.floatValue) == b.integerValue
        case (.string, .string): return a.payload == b.payload || a.asString!.bytes == b.asString!.bytes
        default: return a.tag == b.tag && a.payload == b.payload
        }
    }
}
