/// One compiled function: everything that decides its behaviour, and nothing
/// that does not (its absolute position in a file, its file's other code).
///
/// A function blob is stored as a git `blob` whose payload is
/// ``encoded()``; its ``hash`` is that blob's object id. The encoding is
/// canonical, so equal values always have equal hashes.
public struct FunctionBlob: Hashable, Sendable {
    /// The newest version of the binary encoding, which this build writes
    /// and reads: version 2 adds the table of local names, and is written
    /// exactly when a blob has one; a blob without is written as version 1,
    /// so its bytes (and hash) are what they always were.
    public static let formatVersion: UInt16 = 2
    /// The first four bytes of every function blob.
    public static let magic: [UInt8] = Array("BRFN".utf8)

    /// The function's name in its snapshot (`foo`, `M.update`,
    /// `Account:deposit`, `net.http::helper`), or a descriptive name for a
    /// nested anonymous function.
    public var name: String
    /// The names of the fixed parameters, in order.
    public var parameterNames: [String]
    /// Whether the function takes `...` after its fixed parameters.
    public var isVararg: Bool
    /// How many registers a frame of this function needs.
    public var registerCount: Int
    /// Where each upvalue comes from when a closure is made.
    public var upvalues: [UpvalueDescriptor]
    /// The instructions, one 32-bit word each.
    public var instructions: [UInt32]
    /// The constants that instructions refer to by index; string constants
    /// hold the function's strings as byte strings.
    public var constants: [Constant]
    /// The names of the globals that the function reads or calls (sorted, unique).
    public private(set) var globals: [String]
    /// The hashes of nested closures, in the order instructions refer to them.
    public var closures: [FunctionHash]
    /// The capabilities that the function's code can reach (sorted, unique).
    public private(set) var permissions: [String]
    /// For each instruction, its source line counted from the function's
    /// first line (0 is the line of `function`); empty when not recorded.
    public var relativeLines: [UInt32]
    /// Which register holds which named local over which instructions, for
    /// error messages (`attempt to index a nil value (local 'x')`).
    public var locals: [LocalName]

    /// The number of fixed parameters.
    public var arity: Int { parameterNames.count }

    public init(
        name: String,
        parameterNames: [String] = [],
        isVararg: Bool = false,
        registerCount: Int = 0,
        upvalues: [UpvalueDescriptor] = [],
        instructions: [UInt32] = [],
        constants: [Constant] = [],
        globals: [String] = [],
        closures: [FunctionHash] = [],
        permissions: [String] = [],
        relativeLines: [UInt32] = [],
        locals: [LocalName] = []
    ) {
        self.name = name
        self.parameterNames = parameterNames
        self.isVararg = isVararg
        self.registerCount = registerCount
        self.upvalues = upvalues
        self.instructions = instructions
        self.constants = constants
        self.globals = Array(Set(globals)).sorted()
        self.closures = closures
        self.permissions = Array(Set(permissions)).sorted()
        self.relativeLines = relativeLines
        self.locals = locals
    }

    /// The git object that stores this function.
    public var object: GitObject { GitObject(kind: .blob, payload: encoded()) }

    /// The function's hash: the id of its git blob.
    public var hash: FunctionHash { object.hash }

    /// Whether `payload` starts like a function blob (the magic bytes).
    public static func looksLikeFunctionBlob(_ payload: some Collection<UInt8>) -> Bool {
        payload.starts(with: magic)
    }
}

/// Where a closure's upvalue comes from when the closure is created.
public struct UpvalueDescriptor: Hashable, Sendable {
    /// The variable's name, for error messages.
    public var name: String
    /// `true`: a register of the enclosing frame; `false`: an upvalue of the
    /// enclosing closure.
    public var fromParentRegister: Bool
    /// The register or upvalue index in the enclosing function.
    public var index: Int

    public init(name: String, fromParentRegister: Bool, index: Int) {
        self.name = name
        self.fromParentRegister = fromParentRegister
        self.index = index
    }
}

/// A constant in a function's constant table.
public enum Constant: Hashable, Sendable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case string([UInt8])

    /// A string constant from text.
    public static func string(_ text: String) -> Constant { .string(Array(text.utf8)) }

    /// Floats compare by bit pattern, with every NaN equal to every other:
    /// two blobs are equal exactly when their encodings are.
    public static func == (lhs: Constant, rhs: Constant) -> Bool {
        switch (lhs, rhs) {
        case (.nil, .nil): true
        case let (.boolean(a), .boolean(b)): a == b
        case let (.integer(a), .integer(b)): a == b
        case let (.float(a), .float(b)): Constant.canonicalBits(a) == Constant.canonicalBits(b)
        case let (.string(a), .string(b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .nil: hasher.combine(0)
        case let .boolean(value): hasher.combine(value)
        case let .integer(value): hasher.combine(value)
        case let .float(value): hasher.combine(Constant.canonicalBits(value))
        case let .string(value):
            hasher.combine(value.count)
            value.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// The bits a float is encoded as: its own, except one NaN for all NaNs.
    static func canonicalBits(_ value: Double) -> UInt64 {
        value.isNaN ? Double.nan.bitPattern : value.bitPattern
    }
}

/// A named local variable of a function: its register while the
/// instructions `start..<end` run.
public struct LocalName: Hashable, Sendable {
    public var name: String
    public var register: Int
    public var start: Int
    public var end: Int

    public init(name: String, register: Int, start: Int, end: Int) {
        self.name = name
        self.register = register
        self.start = start
        self.end = end
    }
}

extension FunctionBlob {
    /// The local variable held in `register` when the instruction at `pc`
    /// runs, if any (the innermost, when scopes nest).
    public func localName(register: Int, at pc: Int) -> String? {
        locals.last { $0.register == register && $0.start <= pc && pc < $0.end }?.name
    }

    /// The named functions that this chunk makes (with `CLOSURENAMED`), in
    /// the order of its code.
    public var namedFunctions: [String] {
        instructions.compactMap { word in
            let instruction = Instruction(word: word)
            guard instruction.opcode == .closureNamed, instruction.bx < constants.count,
                  case let .string(bytes) = constants[instruction.bx] else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
