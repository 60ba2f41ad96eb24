#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sorting by the bytes of names (git's tree order, the order of load
/// index records). The names are copied once into one byte buffer and
/// plain (offset, length) keys are sorted, so that comparing two names
/// touches no reference counts: 10,000 names sort in a fraction of the
/// time that comparing the strings' UTF-8 views takes.
///
/// `sorted` is inlinable so that each caller gets it specialized for its
/// item type: unspecialized, the item's tuple or struct was handled through
/// the runtime's generic witnesses and cost five times the sort itself.
public enum ByteOrder {
    @usableFromInline
    struct Key {
        @usableFromInline var start: Int32
        @usableFromInline var count: Int32
        /// The byte that follows the name, or -1 for none.
        @usableFromInline var after: Int16
        @usableFromInline var index: Int32

        @inlinable
        init(start: Int32, count: Int32, after: Int16, index: Int32) {
            self.start = start
            self.count = count
            self.after = after
            self.index = index
        }
    }

    /// `items` ordered by the bytes of `name(item)`, each name followed by
    /// the byte `suffix(item)` when it gives one; items with equal names
    /// keep their order.
    @inlinable
    public static func sorted<Item>(_ items: [Item], name: (Item) -> String,
                                    suffix: (Item) -> UInt8? = { _ in nil }) -> [Item] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(items.count * 24)
        var keys: [Key] = []
        keys.reserveCapacity(items.count)
        for index in items.indices {
            let item = items[index]
            let start = bytes.count
            bytes.append(contentsOf: name(item).utf8)
            keys.append(Key(start: Int32(start), count: Int32(bytes.count - start),
                            after: suffix(item).map(Int16.init) ?? -1, index: Int32(index)))
        }
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress
            keys.sort { a, b in
                let common = Int(min(a.count, b.count))
                if common > 0 {
                    let order = memcmp(base! + Int(a.start), base! + Int(b.start), common)
                    if order != 0 { return order < 0 }
                }
                let x = a.count > common ? Int16(base![Int(a.start) + common]) : a.after
                let y = b.count > common ? Int16(base![Int(b.start) + common]) : b.after
                // Equal names keep their order.
                return x != y ? x < y : a.index < b.index
            }
        }
        return keys.map { items[Int($0.index)] }
    }

    /// Whether `a` comes before `b` in byte order.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in compare(UnsafeRawBufferPointer(x), UnsafeRawBufferPointer(y)) < 0 } }
    }

    /// Negative, zero or positive as `a` comes before, equals or comes after `b`.
    public static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let order = memcmp(a.baseAddress!, b.baseAddress!, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    /// `names` ordered by their bytes.
    public static func sorted(_ names: some Collection<String>) -> [String] {
        sorted(Array(names), name: { $0 })
    }
}
