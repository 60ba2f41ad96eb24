/// A Lua table: an array part for the keys 1...n and a hash part for the
/// rest, with an optional metatable.
///
/// The hash part keeps its entries in insertion slots, with a dictionary
/// from key to slot. Setting a field to nil leaves its slot (a tombstone),
/// so `next` stays valid while a traversal clears fields, as Lua allows;
/// tombstones are reclaimed when a new key needs room.
final class LuaTable: HeapObject {
    private(set) var array: ContiguousArray<Value>
    private var slots: ContiguousArray<(key: Value, value: Value)> = []
    private var slotIndex: [TableKey: Int] = [:]
    private var tombstones = 0
    var metatable: LuaTable?

    init(arrayCapacity: Int = 0) {
        array = []
        array.reserveCapacity(arrayCapacity)
    }

    override var size: Int { 64 + array.count * 16 + slots.count * 48 }

    override func traverse(_ gray: inout [HeapObject]) {
        for value in array { value.mark(&gray) }
        // Keys of cleared slots too: they stay in the key index until the
        // next compaction, and a traversal may still name them.
        for slot in slots {
            slot.key.mark(&gray)
            slot.value.mark(&gray)
        }
        if let metatable, !metatable.marked { gray.append(metatable) }
    }

    /// Why a key cannot index a table.
    enum KeyError: Error, Equatable {
        case nilIndex, nanIndex
    }

    /// A float key with an integer value is the integer key (t[1.0] is t[1]).
    @inline(__always)
    static func normalize(_ key: Value) -> Value {
        if key.tag == .float, let integer = Value.exactInteger(key.floatValue) { return .integer(integer) }
        return key
    }

    /// `t[key]` without metamethods.
    func get(_ key: Value) -> Value {
        let key = Self.normalize(key)
        if key.tag == .integer {
            let index = key.integerValue
            if index >= 1, index <= Int64(array.count) { return array[Int(index - 1)] }
        }
        guard let slot = slotIndex[TableKey(key)] else { return .nil }
        return slots[slot].value
    }

    /// `t[index]` for an integer index, without metamethods.
    func get(index: Int64) -> Value {
        if index >= 1, index <= Int64(array.count) { return array[Int(index - 1)] }
        guard let slot = slotIndex[TableKey(.integer(index))] else { return .nil }
        return slots[slot].value
    }

    /// `t[key] = value` without metamethods.
    func set(_ key: Value, _ value: Value) throws(KeyError) {
        let key = Self.normalize(key)
        switch key.tag {
        case .nil: throw .nilIndex
        case .float where key.floatValue.isNaN: throw .nanIndex
        case .integer: set(index: key.integerValue, value)
        default: setInHash(key, value)
        }
    }

    /// `t[index] = value` for an integer index, without metamethods.
    func set(index: Int64, _ value: Value) {
        if index >= 1, index <= Int64(array.count) {
            // The array part never shrinks here: a traversal may be at this key.
            array[Int(index - 1)] = value
            return
        }
        if index == Int64(array.count) + 1, !value.isNil {
            array.append(value)
            migrateFromHash()
            return
        }
        setInHash(.integer(index), value)
    }

    private func setInHash(_ key: Value, _ value: Value) {
        let tableKey = TableKey(key)
        if let slot = slotIndex[tableKey] {
            if slots[slot].value.isNil, !value.isNil { tombstones -= 1 }
            if !slots[slot].value.isNil, value.isNil { tombstones += 1 }
            slots[slot].value = value
            return
        }
        guard !value.isNil else { return }
        if tombstones > 8, tombstones * 2 > slots.count { compact() }
        slotIndex[tableKey] = slots.count
        slots.append((key, value))
    }

    /// Moves keys n+1, n+2, ... from the hash part to the end of the array part.
    private func migrateFromHash() {
        guard !slotIndex.isEmpty else { return }
        while true {
            let next = TableKey(.integer(Int64(array.count) + 1))
            guard let slot = slotIndex[next], !slots[slot].value.isNil else { return }
            array.append(slots[slot].value)
            slots[slot].value = .nil
            tombstones += 1
        }
    }

    /// Drops tombstones (only when a new key is added: Lua leaves the
    /// traversal order undefined after that).
    private func compact() {
        slots = slots.filter { !$0.value.isNil }
        slotIndex.removeAll(keepingCapacity: true)
        for (index, slot) in slots.enumerated() { slotIndex[TableKey(slot.key)] = index }
        tombstones = 0
    }

    /// The border `#t` returns: an n with t[n] non-nil and t[n+1] nil (0
    /// when t[1] is nil).
    var length: Int64 {
        if let last = array.last {
            if !last.isNil { return Int64(array.count) }
            // A border inside the array part, by binary search (t[0] counts as
            // non-nil, the last slot is nil).
            var low = 0, high = array.count
            while high - low > 1 {
                let middle = (low + high) / 2
                if array[middle - 1].isNil { high = middle } else { low = middle }
            }
            return Int64(low)
        }
        var count: Int64 = 0
        while !get(index: count + 1).isNil { count += 1 }
        return count
    }

    /// `next(t, key)`: the entry after `key` (after none for nil), or nil at
    /// the end. Throws for a key that is not in the table.
    func next(after key: Value) throws(NextError) -> (key: Value, value: Value)? {
        var position = 0
        if !key.isNil {
            let key = Self.normalize(key)
            if key.tag == .integer, key.integerValue >= 1, key.integerValue <= Int64(array.count) {
                position = Int(key.integerValue)
            } else if let slot = slotIndex[TableKey(key)] {
                position = array.count + slot + 1
            } else {
                throw .invalidKey
            }
        }
        while position < array.count {
            if !array[position].isNil { return (.integer(Int64(position + 1)), array[position]) }
            position += 1
        }
        var slot = position - array.count
        while slot < slots.count {
            if !slots[slot].value.isNil { return slots[slot] }
            slot += 1
        }
        return nil
    }

    enum NextError: Error, Equatable { case invalidKey }
}

/// A normalized table key, hashed as Lua compares: strings by content,
/// numbers by value, everything else by identity.
struct TableKey: Hashable {
    let value: Value

    init(_ value: Value) { self.value = value }

    static func == (lhs: TableKey, rhs: TableKey) -> Bool { Value.rawEquals(lhs.value, rhs.value) }

    func hash(into hasher: inout Hasher) {
        switch value.tag {
        case .string: hasher.combine(value.asString!.contentHash)
        case .float: hasher.combine(value.floatValue)
        default:
            hasher.combine(value.tag.rawValue)
            hasher.combine(value.payload)
        }
    }
}
