import BlobFormat
@testable import LuaVM
import Testing

@Suite struct ValueTests {
    @Test func aValueIsSixteenBytes() {
        #expect(MemoryLayout<Value>.size <= 16)
        #expect(MemoryLayout<Value>.stride == 16)
    }

    @Test func rawEqualityFollowsLua() {
        let heap = Heap()
        #expect(Value.rawEquals(.integer(1), .float(1.0)))
        #expect(!Value.rawEquals(.integer(1), .float(1.5)))
        #expect(!Value.rawEquals(.float(.nan), .float(.nan)))
        #expect(Value.rawEquals(.float(0.0), .float(-0.0)))
        #expect(!Value.rawEquals(.integer(Int64.max), .float(9.223372036854775807e18)))
        let long = String(repeating: "x", count: 100)
        #expect(Value.rawEquals(Value(heap.string(long)), Value(heap.string(long))))
        #expect(!Value.rawEquals(Value(heap.table()), Value(heap.table())))
        #expect(!Value.rawEquals(.false, .nil))
        #expect(Value.nil.isFalsy && Value.false.isFalsy && !Value.integer(0).isFalsy)
    }

    @Test func shortStringsAreInterned() {
        let heap = Heap()
        #expect(heap.string("name") === heap.string("name"))
        let long = String(repeating: "y", count: 41)
        #expect(heap.string(long) !== heap.string(long))
    }

    @Test func internedStringsSurviveCollectionsThatFreeTheirNeighbours() {
        // Thousands of short strings, most of them garbage: after each
        // collection, every kept string is still found by its content (the
        // set's probe chains stay whole when entries before them are freed).
        let heap = Heap()
        let root = heap.table()
        for round in 0..<4 {
            for index in 0..<20_000 {
                let string = heap.string("s\(round)-\(index)")
                if index % 7 == 0 { root.set(index: Int64(round * 20_000 + index + 1), Value(string)) }
            }
            heap.collect { $0.append(root) }
            for index in stride(from: 0, to: 20_000, by: 7) {
                let kept = root.get(index: Int64(round * 20_000 + index + 1)).asString
                #expect(kept === heap.string("s\(round)-\(index)"))
            }
        }
        #expect(heap.string("fresh") === heap.string("fresh"))
    }

    @Test func typeNames() {
        let heap = Heap()
        #expect([Value.nil, .true, .integer(1), .float(1), Value(heap.string("s")), Value(heap.table())].map(\.typeName)
            == ["nil", "boolean", "number", "number", "string", "table"])
    }
}

@Suite struct TableTests {
    @Test func integerAndFloatKeysAreOneKey() throws {
        let heap = Heap()
        let table = heap.table()
        try table.set(.float(1.0), .integer(10))
        #expect(Value.rawEquals(table.get(.integer(1)), .integer(10)))
        try table.set(.float(2.5), .integer(25))
        #expect(Value.rawEquals(table.get(.float(2.5)), .integer(25)))
        #expect(table.get(.integer(2)).isNil)
    }

    @Test func nilAndNaNCannotBeKeys() {
        let heap = Heap()  // outlives its tables, as a VM's does
        let table = heap.table()
        #expect(throws: LuaTable.KeyError.nilIndex) { try table.set(.nil, .true) }
        #expect(throws: LuaTable.KeyError.nanIndex) { try table.set(.float(.nan), .true) }
        #expect(table.get(.nil).isNil)
    }

    @Test func stringKeysMatchByContent() throws {
        let heap = Heap()
        let table = heap.table()
        let long = String(repeating: "k", count: 60)
        try table.set(Value(heap.string(long)), .integer(1))
        #expect(Value.rawEquals(table.get(Value(heap.string(long))), .integer(1)))
    }

    @Test func lengthIsABorder() throws {
        let heap = Heap()  // outlives its tables, as a VM's does
        let table = heap.table()
        #expect(table.length == 0)
        for index in 1...10 { table.set(index: Int64(index), .integer(Int64(index))) }
        #expect(table.length == 10)
        table.set(index: 10, .nil)
        #expect(table.length == 9)
        // Keys set out of order end up in the array part once the gap closes.
        let sparse = heap.table()
        sparse.set(index: 3, .true)
        sparse.set(index: 2, .true)
        #expect(sparse.length == 0)
        sparse.set(index: 1, .true)
        #expect(sparse.length == 3)
    }

    @Test func nextVisitsEveryKeyOnceEvenWhileClearing() throws {
        let heap = Heap()
        let table = heap.table()
        for index in 1...5 { table.set(index: Int64(index), .integer(Int64(index))) }
        for name in ["a", "b", "c", "d"] { try table.set(Value(heap.string(name)), .true) }
        try table.set(.float(0.5), .true)
        var seen = 0
        var key = Value.nil
        while let entry = try table.next(after: key) {
            seen += 1
            try table.set(entry.key, .nil)   // clearing during traversal is allowed
            key = entry.key
        }
        #expect(seen == 10)
        #expect(try table.next(after: .nil) == nil)
        #expect(throws: LuaTable.NextError.invalidKey) { try table.next(after: Value(heap.string("missing"))) }
    }
}

@Suite struct CollectorTests {
    @Test func cyclesAreCollectedAndReachableObjectsKept() throws {
        let heap = Heap()
        let root = heap.table()
        try root.set(Value(heap.string("kept")), Value(heap.string("a value")))
        for round in 0..<50 {
            for _ in 0..<2_000 {
                // t.self = t; a parent and a child that point at each other.
                let parent = heap.table()
                let child = heap.table()
                try parent.set(Value(heap.string("self")), Value(parent))
                try parent.set(Value(heap.string("child")), Value(child))
                try child.set(Value(heap.string("parent")), Value(parent))
                child.metatable = parent
            }
            if heap.isCollectionDue || round == 49 { heap.collect { $0.append(root) } }
            #expect(heap.objects.count < 20_000, "round \(round): \(heap.objects.count) objects")
        }
        heap.collect { $0.append(root) }
        // The root, its key and value, and the interned keys it still names.
        #expect(heap.objects.count == 3)
        #expect(root.get(Value(heap.string("kept"))).asString?.bytes == Array("a value".utf8))
    }
}

@Suite struct OpcodeDecodingTests {
    /// The dispatch loop decodes opcodes by bit pattern; that is sound only
    /// while raw values are the case indices.
    @Test func rawValuesAreCaseIndices() {
        for (index, opcode) in Opcode.allCases.enumerated() {
            #expect(Int(opcode.rawValue) == index)
            #expect(Instruction(word: UInt32(opcode.rawValue) | 0x1280).verifiedOpcode == opcode)
        }
    }
}
