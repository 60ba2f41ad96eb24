/// The base of every object the VM allocates. Objects live in the ``Heap``,
/// which holds the only strong reference to each; values point at them
/// without counting.
public class HeapObject {
    @exclusivity(unchecked) var marked = false
    /// Set on a string in the heap's intern set, which must forget it when
    /// it is freed.
    @exclusivity(unchecked) var interned = false

    /// An estimate of the memory the object holds, in bytes, for
    /// `collectgarbage("count")`, collection pacing and the memory limit.
    var size: Int { 32 }

    /// Adds the objects this one refers to, for the collector to mark.
    func traverse(_ gray: inout GrayList) {}
}

/// Every object of one VM, and the mark-and-sweep collector that frees the
/// unreachable ones. A collection is due when the bytes allocated since the
/// last one exceed the bytes that survived it, so a loop that makes garbage,
/// cyclic or not, runs in flat memory.
final class Heap {
    /// Every object, each counted once here: the heap's own reference,
    /// released when the sweep finds the object dead (or the heap goes).
    @exclusivity(unchecked) private(set) var objects: [Unmanaged<HeapObject>] = []
    /// Bytes held by live (or not yet collected) objects.
    @exclusivity(unchecked) private(set) var bytes = 0
    @exclusivity(unchecked) private var threshold = Heap.minimumThreshold
    private static let minimumThreshold = 256 * 1024
    /// Short strings, one object per content, so that comparing and hashing
    /// them is cheap. An interned string is freed like any other.
    /// An open-addressing set (a power of two in size, at most half full)
    /// whose slots hold each string's hash beside it, so that a probe
    /// compares hashes without touching the string; the heap owns the
    /// strings, the set only finds them.
    @exclusivity(unchecked) private var interned = InternSet(capacity: 1024)

    deinit {
        interned.deallocate()
        for object in objects { object.release() }
    }
    static let internLimit = 40

    /// Takes ownership of a new object.
    func register<Object: HeapObject>(_ object: Object) -> Object {
        objects.append(Unmanaged.passRetained(object))
        bytes += object.size
        return object
    }

    /// The most bytes the VM may hold (``VM/memoryLimit``).
    @exclusivity(unchecked) var limit = Int.max

    /// Whether enough has been allocated since the last collection, or the
    /// limit is passed.
    var isCollectionDue: Bool { (bytes > threshold && collectsAutomatically) || bytes > limit }
    /// False after `collectgarbage("stop")`: only explicit collections (and
    /// the memory limit) collect then.
    var collectsAutomatically = true

    /// Counts memory an object took on after it was registered (a table
    /// that grew).
    @inline(__always) func grow(_ delta: Int) { bytes &+= delta }

    /// The string with these bytes.
    func string(_ content: [UInt8]) -> LuaString {
        guard content.count <= Self.internLimit else { return register(LuaString(content)) }
        return interned.string(content) { hash in
            let string = register(LuaString(content, hash: hash))
            string.interned = true
            return string
        }
    }

    func string(_ text: String) -> LuaString { string(Array(text.utf8)) }

    /// A new empty table.
    func table(arrayCapacity: Int = 0, hashCapacity: Int = 0) -> LuaTable {
        let table = register(LuaTable(arrayCapacity: arrayCapacity, hashCapacity: hashCapacity))
        table.heap = self
        return table
    }

    /// The string `__mode`, by which a metatable makes its table's keys or
    /// values weak (set by the VM).
    var modeKey: Value = .nil
    /// The weak tables met while marking, cleared of dead entries after it.
    var weakTables: [LuaTable] = []

    /// Marks everything reachable from the objects `roots` adds, and frees
    /// the rest. Weak tables do not keep what they refer to weakly; a value
    /// under a weak key lives as long as its key does (an ephemeron).
    func collect(roots: (inout GrayList) -> Void) {
        var gray = GrayList()
        roots(&gray)
        func drain() {
            while let next = gray.popLast() {
                next._withUnsafeGuaranteedRef { object in
                    if object.marked { return }
                    object.marked = true
                    object.traverse(&gray)
                }
            }
        }
        drain()
        var grew = true
        while grew {
            grew = false
            for table in weakTables where table.markValuesOfLiveKeys(&gray) { grew = true }
            drain()
        }
        for table in weakTables { table.clearDeadEntries() }
        weakTables = []
        // Survivors move down in place; the dead are released as they are
        // found (references held as plain pointers: moving and reading them
        // counts none).
        var liveBytes = 0
        var survivors = 0
        objects.withUnsafeMutableBufferPointer { all in
            for index in all.indices {
                let reference = all[index]
                let live = reference._withUnsafeGuaranteedRef { object in
                    if object.marked {
                        object.marked = false
                        liveBytes += object.size
                        return true
                    }
                    if object.interned { interned.remove(unsafeDowncast(object, to: LuaString.self)) }
                    return false
                }
                if live {
                    all[survivors] = reference
                    survivors += 1
                } else {
                    reference.release()
                }
            }
        }
        objects.removeLast(objects.count - survivors)
        bytes = liveBytes
        threshold = max(Self.minimumThreshold, liveBytes * 2)
    }
}

extension Value {
    /// Adds the value's object, if it has one, for the collector to mark.
    func mark(_ gray: inout GrayList) {
        guard tag.rawValue >= Tag.string.rawValue else { return }
        // Seen already (most strings, shared tables): no reference counted.
        let reference = unmanaged(HeapObject.self)
        if reference._withUnsafeGuaranteedRef({ $0.marked }) { return }
        gray.append(reference)
    }
}
