import BlobFormat
import Foundation
import Testing

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum BlobGenerator {
    static func name(_ random: inout SeededGenerator) -> String {
        let pieces = ["f", "M.update", "Account:deposit", "net.http::helper", "ünï", "", "x y", "a\u{0}b"]
        return pieces[Int(random.next() % UInt64(pieces.count))] + String(random.next() % 1000)
    }

    static func constant(_ random: inout SeededGenerator) -> Constant {
        switch random.next() % 8 {
        case 0: .nil
        case 1: .boolean(random.next() % 2 == 0)
        case 2: .integer(Int64(bitPattern: random.next()))
        case 3: .integer(Int64(random.next() % 300) - 150)
        case 4: .float(Double(bitPattern: random.next()))
        case 5: .float([0.0, -0.0, .infinity, -.infinity, .nan, 1.5][Int(random.next() % 6)])
        case 6: .string((0..<Int(random.next() % 40)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        default: .string(name(&random))
        }
    }

    static func blob(_ random: inout SeededGenerator) -> FunctionBlob {
        let instructionCount = Int(random.next() % 50)
        let hashes = (0..<Int(random.next() % 4)).map { _ in
            FunctionHash(bytes: (0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) })!
        }
        return FunctionBlob(
            name: name(&random),
            parameterNames: (0..<Int(random.next() % 5)).map { _ in name(&random) },
            isVararg: random.next() % 2 == 0,
            registerCount: Int(random.next() % 256),
            upvalues: (0..<Int(random.next() % 4)).map { _ in
                UpvalueDescriptor(name: name(&random), fromParentRegister: random.next() % 2 == 0, index: Int(random.next() % 300))
            },
            instructions: (0..<instructionCount).map { _ in UInt32(truncatingIfNeeded: random.next()) },
            constants: (0..<Int(random.next() % 12)).map { _ in constant(&random) },
            globals: (0..<Int(random.next() % 6)).map { _ in name(&random) },
            closures: hashes,
            permissions: (0..<Int(random.next() % 3)).map { _ in ["stdout", "clock", "fs", "env"][Int(random.next() % 4)] },
            relativeLines: random.next() % 3 == 0 ? [] : (0..<instructionCount).map { _ in UInt32(random.next() % 5000) },
            locals: (0..<Int(random.next() % 4)).map { _ in
                let start = Int(random.next() % UInt64(instructionCount + 1))
                return LocalName(name: name(&random), register: Int(random.next() % 256), start: start,
                                 end: start + Int(random.next() % UInt64(instructionCount - start + 1)))
            })
    }
}

@Suite struct FunctionBlobTests {
    /// The blob whose hash is pinned below and whose bytes are in
    /// Fixtures/format/function-blob-v1.hex.
    static let golden = FunctionBlob(
        name: "Account:deposit", parameterNames: ["self", "amount"], isVararg: false, registerCount: 5,
        upvalues: [UpvalueDescriptor(name: "_ENV", fromParentRegister: false, index: 0)],
        instructions: [0x0000_0001, 0x8000_0102, 0xFFFF_FFFF],
        constants: [.nil, .boolean(true), .integer(-42), .float(2.5), .string("balance")],
        globals: ["print", "error"], closures: [GitObject(kind: .blob, payload: [1, 2, 3]).hash],
        permissions: ["stdout"], relativeLines: [0, 2, 1])

    @Test func decodeInvertsEncodeForGeneratedBlobs() throws {
        var random = SeededGenerator(state: 20261123)
        for _ in 0..<1000 {
            let blob = BlobGenerator.blob(&random)
            let bytes = blob.encoded()
            let decoded = try FunctionBlob(decoding: bytes)
            #expect(decoded == blob)
            #expect(decoded.encoded() == bytes)
        }
    }

    @Test func goldenBlobHashIsPinned() throws {
        let bytes = Self.golden.encoded()
        let fixture = try String(contentsOf: Fixtures.url("format/function-blob-v1.hex"), encoding: .utf8)
            .filter { !$0.isWhitespace }
        #expect(Hex.encode(bytes) == fixture)
        #expect(Self.golden.hash.hex == "bf7f3673f482f58ae8b19e33351836dd358fb1e8ea473ff704ac0c84ad743bd6")
    }

    @Test func setsAreNormalisedSoOrderDoesNotChangeTheHash() {
        let a = FunctionBlob(name: "f", globals: ["b", "a", "b"], permissions: ["fs", "clock"])
        let b = FunctionBlob(name: "f", globals: ["a", "b"], permissions: ["clock", "fs"])
        #expect(a.hash == b.hash)
        #expect(a.globals == ["a", "b"])
    }

    @Test func everyFieldThatDecidesBehaviourChangesTheHash() {
        let base = Self.golden
        var variants: [FunctionBlob] = []
        var copy = base; copy.name = "Account:withdraw"; variants.append(copy)
        copy = base; copy.parameterNames = ["self"]; variants.append(copy)
        copy = base; copy.isVararg = true; variants.append(copy)
        copy = base; copy.registerCount = 6; variants.append(copy)
        copy = base; copy.upvalues[0].index = 1; variants.append(copy)
        copy = base; copy.instructions[0] = 2; variants.append(copy)
        copy = base; copy.constants[2] = .integer(42); variants.append(copy)
        copy = base; copy.closures = []; variants.append(copy)
        copy = base; copy.relativeLines = [0, 2, 2]; variants.append(copy)
        variants.append(FunctionBlob(name: base.name, parameterNames: base.parameterNames, registerCount: 5,
                                     upvalues: base.upvalues, instructions: base.instructions, constants: base.constants,
                                     globals: ["print"], closures: base.closures, permissions: base.permissions,
                                     relativeLines: base.relativeLines))
        variants.append(FunctionBlob(name: base.name, parameterNames: base.parameterNames, registerCount: 5,
                                     upvalues: base.upvalues, instructions: base.instructions, constants: base.constants,
                                     globals: base.globals, closures: base.closures, permissions: [],
                                     relativeLines: base.relativeLines))
        let hashes = Set(variants.map(\.hash) + [base.hash])
        #expect(hashes.count == variants.count + 1)
    }

    @Test func integerAndFloatConstantsDiffer() {
        #expect(FunctionBlob(name: "f", constants: [.integer(1)]).hash != FunctionBlob(name: "f", constants: [.float(1)]).hash)
        #expect(FunctionBlob(name: "f", constants: [.float(0.0)]).hash != FunctionBlob(name: "f", constants: [.float(-0.0)]).hash)
    }

    @Test func everyTruncationIsRejected() {
        let bytes = Self.golden.encoded()
        for length in 0..<bytes.count {
            #expect(throws: FormatError.self) { try FunctionBlob(decoding: Array(bytes.prefix(length))) }
        }
    }

    @Test func trailingBytesAreRejected() {
        #expect(throws: FormatError.self) { try FunctionBlob(decoding: Self.golden.encoded() + [0]) }
    }

    @Test func wrongMagicOrVersionIsRejected() {
        var bytes = Self.golden.encoded()
        bytes[0] = UInt8(ascii: "X")
        #expect(throws: FormatError.self) { try FunctionBlob(decoding: bytes) }
        bytes = Self.golden.encoded()
        bytes[5] = 3
        #expect(throws: FormatError.unsupportedVersion(found: 3, supported: 2)) { try FunctionBlob(decoding: bytes) }
        // Version 2 means "with local names": without any, it is not canonical.
        bytes = Self.golden.encoded()
        bytes[5] = 2
        #expect(throws: FormatError.self) { try FunctionBlob(decoding: bytes + [0]) }
    }

    @Test func localNamesRoundTripAsVersionTwoAndChangeTheHash() throws {
        var named = Self.golden
        named.locals = [LocalName(name: "amount", register: 1, start: 0, end: 3), LocalName(name: "fee", register: 2, start: 1, end: 2)]
        let bytes = named.encoded()
        #expect(bytes[5] == 2)
        #expect(Self.golden.encoded()[5] == 1)
        #expect(try FunctionBlob(decoding: bytes) == named)
        #expect(named.hash != Self.golden.hash)
        #expect(named.localName(register: 2, at: 1) == "fee")
        #expect(named.localName(register: 2, at: 2) == nil)
        // A local past the instructions is malformed.
        var outside = named
        outside.locals[0].end = 9
        #expect(throws: FormatError.self) { try FunctionBlob(decoding: outside.encoded()) }
    }

    @Test func nonCanonicalFormsAreRejected() {
        // An over-long varint for the name's length (0x8F 0x00 instead of 0x0F).
        var bytes = Self.golden.encoded()
        let nameLength = bytes[6]
        bytes.replaceSubrange(6...6, with: [nameLength | 0x80, 0x00])
        #expect(throws: FormatError.self) { try FunctionBlob(decoding: bytes) }

        // A vararg flag of 2.
        let blob = FunctionBlob(name: "f")
        bytes = blob.encoded()
        let flagOffset = 4 + 2 + 2 + 1
        #expect(bytes[flagOffset] == 0)
        bytes[flagOffset] = 2
        #expect(throws: FormatError.self) { try FunctionBlob(decoding: bytes) }

        // A NaN with a payload.
        bytes = FunctionBlob(name: "f", constants: [.float(.nan)]).encoded()
        let nan = Array(Double.nan.bitPattern.bigEndianBytes)
        let index = bytes.indices.first { Array(bytes[$0..<min($0 + 8, bytes.count)]) == nan }!
        bytes[index + 7] = 1
        #expect(throws: FormatError.self) { try FunctionBlob(decoding: bytes) }
    }

    @Test func unsortedGlobalsAreRejected() {
        var writerOutput = FunctionBlob(name: "f", globals: ["a", "b"]).encoded()
        // Swap the two one-letter names in place: "a" then "b" becomes "b" then "a".
        let a = writerOutput.lastIndex(of: UInt8(ascii: "a"))!
        let b = writerOutput.lastIndex(of: UInt8(ascii: "b"))!
        writerOutput.swapAt(a, b)
        #expect(throws: FormatError.self) { try FunctionBlob(decoding: writerOutput) }
    }

    @Test func hugeCountsAreRejectedWithoutAllocating() {
        var bytes = Array("BRFN".utf8) + [0, 1, 1, UInt8(ascii: "f")]
        bytes += [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]
        #expect(throws: FormatError.self) { try FunctionBlob(decoding: bytes) }
    }
}

extension UInt64 {
    var bigEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * UInt64($0))) } }
}

enum Fixtures {
    static func url(_ path: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(path)
    }
}
