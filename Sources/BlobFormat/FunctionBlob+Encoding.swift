/// The canonical binary encoding of a function blob.
///
/// Layout (all integers are unsigned LEB128 unless noted):
/// `"BRFN"`, format version (u16 big-endian), name, parameter names,
/// vararg flag (one byte 0/1), register count, upvalues (name, from-register
/// flag, index), instructions (u32 big-endian each), constants (a tag byte,
/// then the value), globals, closures (32 raw bytes each), permissions, and
/// relative lines (zigzag deltas); in version 2 only, then the local names
/// (name, register, first instruction, instruction count), never empty.
/// Every list is preceded by its length;
/// every string is length-prefixed UTF-8 (string constants are raw bytes).
/// docs/format.md describes it in full.
extension FunctionBlob {
    private enum ConstantTag: UInt8 {
        case `nil` = 0, `false` = 1, `true` = 2, integer = 3, float = 4, string = 5
    }

    /// The canonical bytes of this blob.
    public func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.raw(Self.magic)
        out.fixed16(locals.isEmpty ? 1 : 2)
        out.string(name)
        out.count(parameterNames.count)
        parameterNames.forEach { out.string($0) }
        out.bool(isVararg)
        out.count(registerCount)
        out.count(upvalues.count)
        for upvalue in upvalues {
            out.string(upvalue.name)
            out.bool(upvalue.fromParentRegister)
            out.count(upvalue.index)
        }
        out.count(instructions.count)
        instructions.forEach { out.fixed32($0) }
        out.count(constants.count)
        for constant in constants {
            switch constant {
            case .nil: out.byte(ConstantTag.nil.rawValue)
            case let .boolean(value): out.byte(value ? ConstantTag.true.rawValue : ConstantTag.false.rawValue)
            case let .integer(value):
                out.byte(ConstantTag.integer.rawValue)
                out.signed(value)
            case let .float(value):
                out.byte(ConstantTag.float.rawValue)
                out.fixed64(Constant.canonicalBits(value))
            case let .string(bytes):
                out.byte(ConstantTag.string.rawValue)
                out.data(bytes)
            }
        }
        out.count(globals.count)
        globals.forEach { out.string($0) }
        out.count(closures.count)
        closures.forEach { out.hash($0) }
        out.count(permissions.count)
        permissions.forEach { out.string($0) }
        out.count(relativeLines.count)
        var previous: Int64 = 0
        for line in relativeLines {
            out.signed(Int64(line) - previous)
            previous = Int64(line)
        }
        if !locals.isEmpty {
            out.count(locals.count)
            for local in locals {
                out.string(local.name)
                out.count(local.register)
                out.count(local.start)
                out.count(local.end - local.start)
            }
        }
        return out.bytes
    }

    /// Decodes the canonical bytes of a blob, rejecting any other form: a
    /// wrong magic or version, unsorted or repeated globals or permissions,
    /// a non-canonical NaN, line info that does not match the instructions,
    /// trailing bytes.
    public init(decoding bytes: [UInt8]) throws(FormatError) {
        var input = ByteReader(bytes, what: "function blob")
        guard Array(try input.raw(Self.magic.count)) == Self.magic else { throw input.fail("missing 'BRFN' magic") }
        let version = try input.fixed16()
        guard version == 1 || version == 2 else {
            throw .unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        let name = try input.string()
        var parameterNames: [String] = []
        for _ in 0..<(try input.count()) { parameterNames.append(try input.string()) }
        let isVararg = try input.bool()
        let registerCount = Int(try input.varint())
        var upvalues: [UpvalueDescriptor] = []
        for _ in 0..<(try input.count(minimumItemSize: 3)) {
            let upvalueName = try input.string()
            let fromRegister = try input.bool()
            upvalues.append(UpvalueDescriptor(name: upvalueName, fromParentRegister: fromRegister, index: Int(try input.varint())))
        }
        var instructions: [UInt32] = []
        let instructionCount = try input.count(minimumItemSize: 4)
        instructions.reserveCapacity(instructionCount)
        for _ in 0..<instructionCount { instructions.append(try input.fixed32()) }
        var constants: [Constant] = []
        for _ in 0..<(try input.count()) {
            let rawTag = try input.byte()
            switch ConstantTag(rawValue: rawTag) {
            case .nil: constants.append(.nil)
            case .false: constants.append(.boolean(false))
            case .true: constants.append(.boolean(true))
            case .integer: constants.append(.integer(try input.signed()))
            case .float:
                let bits = try input.fixed64()
                let value = Double(bitPattern: bits)
                guard bits == Constant.canonicalBits(value) else { throw input.fail("non-canonical NaN") }
                constants.append(.float(value))
            case .string: constants.append(.string(try input.data()))
            case nil: throw input.fail("unknown constant tag \(rawTag)")
            }
        }
        let globals = try Self.readSortedStrings(&input, what: "globals")
        var closures: [FunctionHash] = []
        for _ in 0..<(try input.count(minimumItemSize: FunctionHash.byteCount)) { closures.append(try input.hash()) }
        let permissions = try Self.readSortedStrings(&input, what: "permissions")
        var relativeLines: [UInt32] = []
        let lineCount = try input.count()
        guard lineCount == 0 || lineCount == instructions.count else {
            throw input.fail("\(lineCount) line entries for \(instructions.count) instructions")
        }
        var line: Int64 = 0
        for _ in 0..<lineCount {
            line += try input.signed()
            guard let value = UInt32(exactly: line) else { throw input.fail("line \(line) out of range") }
            relativeLines.append(value)
        }
        var locals: [LocalName] = []
        if version == 2 {
            let count = try input.count(minimumItemSize: 4)
            guard count > 0 else { throw input.fail("version 2 without local names (that is version 1)") }
            for _ in 0..<count {
                let localName = try input.string()
                let register = Int(try input.varint())
                let start = Int(try input.varint())
                let length = Int(try input.varint())
                guard start <= instructions.count, length <= instructions.count - start else {
                    throw input.fail("local '\(localName)' outside the instructions")
                }
                locals.append(LocalName(name: localName, register: register, start: start, end: start + length))
            }
        }
        try input.expectEnd()
        self.init(
            name: name, parameterNames: parameterNames, isVararg: isVararg, registerCount: registerCount,
            upvalues: upvalues, instructions: instructions, constants: constants, globals: globals,
            closures: closures, permissions: permissions, relativeLines: relativeLines, locals: locals)
    }

    private static func readSortedStrings(_ input: inout ByteReader, what: String) throws(FormatError) -> [String] {
        var values: [String] = []
        for _ in 0..<(try input.count()) {
            let value = try input.string()
            if let last = values.last, !(last < value) { throw input.fail("\(what) not sorted and unique") }
            values.append(value)
        }
        return values
    }
}
