import BlobFormat
/// A Lua table: an array part for the keys 1...n and a hash part for the
/// rest, with an optional metatable.
///
/// The hash part is an open-addressing table of its own (linear probing,
/// hashes computed without `Hasher`: strings carry theirs). Setting a field
/// to nil leaves its key in place (a tombstone), so `next` stays valid while
/// a traversal clears fields, as Lua allows; tombstones go when the part is
/// rebuilt to make room for a new key.
final class LuaTable: HeapObject {
    // Only the VM's thread touches a table, so the dynamic exclusivity
    // checks would only cost time on every access.
    @exclusivity(unchecked) private(set) var array: ContiguousArray<Value>
    /// The hash part: `capacity` key-value slots in one allocation of the
    /// table's own (a power of two; none until the first key).
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Slot>?
    @exclusivity(unchecked) private var capacity = 0
    /// Slots holding a key (live or tombstone).
    @exclusivity(unchecked) private var used = 0
    @exclusivity(unchecked) var metatable: LuaTable?
    /// Whether a raw miss or a new key must first ask the VM's deferral
    /// (set on the globals while a load has files put off).
    @exclusivity(unchecked) var defersMisses = false
    /// The heap, told when the table grows (for pacing and the memory
    /// limit). A heap outlives its tables: the VM owns both.
    @exclusivity(unchecked) unowned(unsafe) var heap: Heap? = nil

    init(arrayCapacity: Int = 0, hashCapacity: Int = 0) {
        array = []
        array.reserveCapacity(arrayCapacity)
        if hashCapacity > 0 {
            // Room for the constructor's keyed fields, at most 3/4 full.
            var capacity = 4
            while capacity * 3 < hashCapacity * 4 { capacity *= 2 }
            slots = Self.emptySlots(capacity)
            self.capacity = capacity
        }
    }

    deinit {
        guard let slots else { return }
        slots.deinitialize(count: capacity)
        slots.deallocate()
    }

    struct Slot {
        var key: Value
        var value: Value
    }

    private static func emptySlots(_ capacity: Int) -> UnsafeMutablePointer<Slot> {
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(key: .nil, value: .nil), count: capacity)
        return slots
    }

    /// The hash part's slots (only when `capacity` is not zero).
    private var hashSlots: UnsafeMutablePointer<Slot> { slots.unsafelyUnwrapped }

    override var size: Int { 64 + array.count * 16 + capacity * 32 }

    override func traverse(_ gray: inout GrayList) {
        if let metatable, !metatable.marked { gray.append(metatable) }
        let (weakKeys, weakValues) = weakness
        if weakKeys || weakValues { heap?.weakTables.append(self) }
        if !weakValues { for value in array { value.mark(&gray) } }
        // Keys of cleared slots too: a traversal may still name them.
        for index in 0..<capacity where !hashSlots[index].key.isNil {
            let key = hashSlots[index].key
            if !(weakKeys && key.isWeakReference) { key.mark(&gray) }
            // Under a weak key the value waits until the key is known live.
            if !(weakValues && hashSlots[index].value.isWeakReference), !(weakKeys && key.isWeakReference) {
                hashSlots[index].value.mark(&gray)
            }
        }
    }

    /// Whether the metatable's `__mode` makes the keys (`k`) or the values
    /// (`v`) weak.
    private var weakness: (keys: Bool, values: Bool) {
        guard let metatable, let modeKey = heap?.modeKey, let mode = metatable.get(modeKey).asString else { return (false, false) }
        return (mode.bytes.contains(UInt8(ascii: "k")), mode.bytes.contains(UInt8(ascii: "v")))
    }

    /// For a table with weak keys: marks the values whose keys were found
    /// live; returns whether it marked any.
    func markValuesOfLiveKeys(_ gray: inout GrayList) -> Bool {
        let (weakKeys, weakValues) = weakness
        guard weakKeys, !weakValues else { return false }
        var marked = false
        for index in 0..<capacity where hashSlots[index].key.isWeakReference && hashSlots[index].key.object!.marked {
            if let object = hashSlots[index].value.object, !object.marked {
                gray.append(object)
                marked = true
            }
        }
        return marked
    }

    /// Drops the entries whose weak key or weak value was not marked. A
    /// dropped key becomes a tombstone that no lookup can match, so that
    /// probe chains stay whole and no slot refers to a freed object.
    func clearDeadEntries() {
        let (weakKeys, weakValues) = weakness
        func dead(_ value: Value) -> Bool { value.isWeakReference && !value.object!.marked }
        if weakValues {
            for index in array.indices where dead(array[index]) { array[index] = .nil }
        }
        for index in 0..<capacity where !hashSlots[index].key.isNil {
            if weakKeys, dead(hashSlots[index].key) {
                hashSlots[index].key = Self.deadKey
                hashSlots[index].value = .nil
            } else if weakValues, dead(hashSlots[index].value) {
                hashSlots[index].value = .nil
            }
        }
    }

    /// A key that marks a slot emptied by the collector: a NaN, which no
    /// key can be.
    private static let deadKey = Value(tag: .float, payload: 0x7FF8_DEAD_DEAD_0001)

    /// Why a key cannot index a table.
    enum KeyError: Error, Equatable {
        case nilIndex, nanIndex
    }

    /// A float key with an integer value is the integer key (t[1.0] is t[1]).
    @inline(__always)
    static func normalize(_ key: Value) -> Value {
        if key.tag == .float, let integer = LuaArithmetic.exactInteger(key.floatValue) { return .integer(integer) }
        return key
    }

    /// `object[key]` for a constant string key when `object` is a table
    /// that has the field, without metamethods or reference counting; nil
    /// otherwise (the caller then takes the general path).
    @inline(__always)
    static func presentField(of object: Value, _ key: Value) -> Value {
        guard object.tag == .table else { return .nil }
        return object.unmanaged(LuaTable.self)._withUnsafeGuaranteedRef { table in
            guard let slot = table.find(key) else { return .nil }
            return table.hashSlots[slot].value
        }
    }

    /// `t[index]` when `object` is a table that answers alone: the element
    /// is there, or it is absent and there is no metatable (or deferral) to
    /// ask. Nil (Swift's) when the full indexing path must decide.
    @inline(__always) static func plainElement(of object: Value, _ index: Int64) -> Value? {
        guard object.tag == .table else { return nil }
        return object.unmanaged(LuaTable.self)._withUnsafeGuaranteedRef { table -> Value? in
            let found = table.get(index: index)
            return found.isNil && (table.metatable != nil || table.defersMisses) ? nil : found
        }
    }

    /// Stores `t[index] = value` when `object` is a table that needs no
    /// metatable for it (none, or the element is there already); returns
    /// whether it did.
    @inline(__always) static func storePlainElement(of object: Value, _ index: Int64, _ value: Value) -> Bool {
        guard object.tag == .table else { return false }
        return object.unmanaged(LuaTable.self)._withUnsafeGuaranteedRef { table -> Bool in
            guard !table.defersMisses else { return false }
            if index >= 1, index <= Int64(table.array.count), !table.array[Int(index - 1)].isNil {
                table.array[Int(index - 1)] = value
                return true
            }
            guard table.metatable == nil else { return false }
            table.set(index: index, value)
            return true
        }
    }

    /// `t[key]` without metamethods.
    func get(_ key: Value) -> Value {
        let key = Self.normalize(key)
        if key.tag == .integer { return get(index: key.integerValue) }
        guard let slot = find(key) else { return .nil }
        return hashSlots[slot].value
    }

    /// `t[index]` for an integer index, without metamethods.
    func get(index: Int64) -> Value {
        if index >= 1, index <= Int64(array.count) { return array[Int(index - 1)] }
        guard used > 0, let slot = find(.integer(index)) else { return .nil }
        return hashSlots[slot].value
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
            heap?.grow(MemoryLayout<Value>.stride)
            migrateFromHash()
            return
        }
        setInHash(.integer(index), value)
    }

    /// Stores a constructor's positional values at `first`, `first + 1`, …,
    /// nils included, in the array part when they extend it: `#{1, nil, 3}`
    /// is 3, as in Lua, whose constructor sizes the array part.
    func setList(from first: Int64, _ elements: UnsafeBufferPointer<Value>) {
        for (offset, value) in elements.enumerated() {
            let index = first + Int64(offset)
            if index == Int64(array.count) + 1 {
                array.append(value)
                heap?.grow(MemoryLayout<Value>.stride)
            } else {
                set(index: index, value)
            }
        }
        if !elements.isEmpty { migrateFromHash() }
    }

    // MARK: The hash part

    @inline(__always)
    private static func hash(_ key: Value) -> Int {
        if key.tag == .string { return key.unmanaged(LuaString.self)._withUnsafeGuaranteedRef { $0.contentHash } }
        // A 64-bit mix (splitmix64's finaliser) of tag and payload.
        var z = key.payload &+ UInt64(key.tag.rawValue) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: z ^ (z >> 31))
    }

    @inline(__always)
    private static func same(_ a: Value, _ b: Value) -> Bool {
        guard a.tag == b.tag else { return false }
        if a.payload == b.payload { return true }
        guard a.tag == .string else { return false }
        // Short strings are interned: two objects differ in content. Long
        // ones are not: compare hashes, then bytes (without counting
        // references to either).
        return a.unmanaged(LuaString.self)._withUnsafeGuaranteedRef { x in
            b.unmanaged(LuaString.self)._withUnsafeGuaranteedRef { y in
                x.contentHash == y.contentHash && x.bytes.count > Heap.internLimit && x.bytes == y.bytes
            }
        }
    }

    /// The slot of `key` (normalized, not nil), if present.
    private func find(_ key: Value) -> Int? {
        guard capacity > 0 else { return nil }
        let mask = capacity - 1
        var slot = Self.hash(key) & mask
        while true {
            let candidate = hashSlots[slot].key
            if candidate.isNil { return nil }
            if Self.same(candidate, key) { return slot }
            slot = (slot + 1) & mask
        }
    }

    private func setInHash(_ key: Value, _ value: Value) {
        if let slot = find(key) {
            hashSlots[slot].value = value
            return
        }
        guard !value.isNil else { return }
        if (used + 1) * 4 > capacity * 3 { rebuild() }
        let mask = capacity - 1
        var slot = Self.hash(key) & mask
        while !hashSlots[slot].key.isNil { slot = (slot + 1) & mask }
        hashSlots[slot].key = key
        hashSlots[slot].value = value
        used += 1
    }

    /// Rebuilds the hash part, dropping tombstones, with room to grow.
    private func rebuild() {
        let live = used == 0 ? [] : (0..<capacity).filter { !hashSlots[$0].key.isNil && !hashSlots[$0].value.isNil }.map { (hashSlots[$0].key, hashSlots[$0].value) }
        var newCapacity = 4
        while newCapacity * 3 < (live.count + 1) * 4 * 2 { newCapacity *= 2 }
        heap?.grow((newCapacity - capacity) * 2 * MemoryLayout<Value>.stride)
        if let slots {
            slots.deinitialize(count: capacity)
            slots.deallocate()
        }
        slots = Self.emptySlots(newCapacity)
        capacity = newCapacity
        used = 0
        let mask = capacity - 1
        for (key, value) in live {
            var slot = Self.hash(key) & mask
            while !hashSlots[slot].key.isNil { slot = (slot + 1) & mask }
            hashSlots[slot].key = key
            hashSlots[slot].value = value
            used += 1
        }
    }

    /// Moves keys n+1, n+2, ... from the hash part to the end of the array part.
    private func migrateFromHash() {
        guard used > 0 else { return }
        while let slot = find(.integer(Int64(array.count) + 1)), !hashSlots[slot].value.isNil {
            array.append(hashSlots[slot].value)
            heap?.grow(MemoryLayout<Value>.stride)
            hashSlots[slot].value = .nil
        }
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

    /// Every entry, in `next` order (a snapshot: later changes do not show).
    var entries: [(key: Value, value: Value)] {
        var all: [(key: Value, value: Value)] = []
        var key = Value.nil
        while let entry = try? next(after: key) {
            all.append(entry)
            key = entry.key
        }
        return all
    }

    /// `next(t, key)`: the entry after `key` (after none for nil), or nil at
    /// the end. Throws for a key that is not in the table.
    func next(after key: Value) throws(NextError) -> (key: Value, value: Value)? {
        var position = 0
        if !key.isNil {
            let key = Self.normalize(key)
            if key.tag == .integer, key.integerValue >= 1, key.integerValue <= Int64(array.count) {
                position = Int(key.integerValue)
            } else if let slot = find(key) {
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
        while slot < capacity {
            if !hashSlots[slot].key.isNil, !hashSlots[slot].value.isNil { return (hashSlots[slot].key, hashSlots[slot].value) }
            slot += 1
        }
        return nil
    }

    enum NextError: Error, Equatable { case invalidKey }
}

