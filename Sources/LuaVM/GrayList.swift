/// The objects a collection has found but not yet traversed: a stack of
/// unowned references. The heap owns every object for the whole
/// collection, so pushing and popping count no references.
struct GrayList: ~Copyable {
    private var items: UnsafeMutablePointer<Unmanaged<HeapObject>>
    private var count = 0
    private var capacity: Int

    init() {
        capacity = 256
        items = .allocate(capacity: capacity)
    }

    deinit { items.deallocate() }

    @inline(__always) mutating func append(_ object: HeapObject) {
        append(Unmanaged.passUnretained(object))
    }

    @inline(__always) mutating func append(_ object: Unmanaged<HeapObject>) {
        if count == capacity { grow() }
        items[count] = object
        count += 1
    }

    @inline(__always) mutating func popLast() -> Unmanaged<HeapObject>? {
        guard count > 0 else { return nil }
        count -= 1
        return items[count]
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Unmanaged<HeapObject>>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: items, count: count)
        items.deallocate()
        items = larger
        capacity *= 2
    }
}
