/// The set of interned strings: open addressing with linear probing over
/// slots that keep each string's hash.
struct InternSet {
    struct Slot {
        var hash: Int
        var string: Unmanaged<LuaString>?
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var capacity: Int
    private var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(hash: 0, string: nil), count: capacity)
    }

    func deallocate() { slots.deallocate() }

    /// The interned string with `content`, or the one `make` makes (given
    /// the content's hash), which is then interned.
    mutating func string(_ content: [UInt8], make: (Int) -> LuaString) -> LuaString {
        let hash = LuaString.hash(content)
        let mask = capacity - 1
        var slot = hash & mask
        while let candidate = slots[slot].string {
            if slots[slot].hash == hash, candidate._withUnsafeGuaranteedRef({ $0.bytes == content }) {
                return candidate.takeUnretainedValue()
            }
            slot = (slot + 1) & mask
        }
        let string = make(hash)
        slots[slot] = Slot(hash: hash, string: Unmanaged.passUnretained(string))
        count += 1
        if count * 2 > capacity { grow() }
        return string
    }

    /// Doubles the slots, placing every string again.
    private mutating func grow() {
        let old = slots, oldCapacity = capacity
        capacity *= 2
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(hash: 0, string: nil), count: capacity)
        let mask = capacity - 1
        for index in 0..<oldCapacity where old[index].string != nil {
            var slot = old[index].hash & mask
            while slots[slot].string != nil { slot = (slot + 1) & mask }
            slots[slot] = old[index]
        }
        old.deallocate()
    }

    /// Takes `string` out, moving back the entries after it that its slot
    /// would otherwise cut off from their home.
    mutating func remove(_ string: LuaString) {
        let mask = capacity - 1
        let target = Unmanaged.passUnretained(string).toOpaque()
        var slot = string.contentHash & mask
        while let candidate = slots[slot].string, candidate.toOpaque() != target { slot = (slot + 1) & mask }
        guard slots[slot].string != nil else { return }
        slots[slot].string = nil
        count -= 1
        var next = (slot + 1) & mask
        while slots[next].string != nil {
            let home = slots[next].hash & mask
            // Move it into the hole unless its home lies after the hole, up to it.
            let stays = slot <= next ? (home > slot && home <= next) : (home > slot || home <= next)
            if !stays {
                slots[slot] = slots[next]
                slots[next].string = nil
                slot = next
            }
            next = (next + 1) & mask
        }
    }
}

