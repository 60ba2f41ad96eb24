#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sorting by the bytes of names (git's tree order, the order of load
/// index records, a source folder's listing). The names are copied once
/// into one byte buffer and plain (prefix, offset, length) keys order them,
/// so that comparing two names touches no reference counts and most
/// comparisons are one of two numbers: 10,000 names sort in a fraction of
/// the time that comparing the strings' UTF-8 views takes.
///
/// `sorted` is inlinable so that each caller gets it specialized for its
/// item type: unspecialized, the item's tuple or struct was handled through
/// the runtime's generic witnesses and cost five times the sort itself.
public enum ByteOrder {
    @usableFromInline
    struct Key {
        /// The name's first eight bytes as one big-endian number, zeros
        /// past its end: two names that differ within both of them are
        /// ordered by one comparison.
        @usableFromInline var prefix: UInt64
        @usableFromInline var start: Int32
        @usableFromInline var count: Int32
        /// The byte that follows the name, or -1 for none.
        @usableFromInline var after: Int16

        @inlinable
        init(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, count: Int, after: UInt8?) {
            var prefix: UInt64 = 0
            if count >= 8 {
                prefix = UInt64(bigEndian: UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self))
            } else {
                for at in 0..<8 { prefix = prefix << 8 | (at < count ? UInt64(bytes[start + at]) : 0) }
            }
            self.prefix = prefix
            self.start = Int32(start)
            self.count = Int32(count)
            self.after = after.map(Int16.init) ?? -1
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
        var names: [(start: Int, count: Int, after: UInt8?)] = []
        names.reserveCapacity(items.count)
        for item in items {
            let start = bytes.count
            bytes.append(contentsOf: name(item).utf8)
            names.append((start, bytes.count - start, suffix(item)))
        }
        return bytes.withUnsafeBufferPointer { order(of: names, in: $0) }.map { items[$0] }
    }

    /// The order of names held in `bytes` (where each starts, how many
    /// bytes it has, and the byte that follows it, if any), as indices into
    /// `names`; equal names keep their order. The indices are sorted, not
    /// the keys: moving four bytes instead of twenty-four.
    @inlinable
    public static func order(of names: [(start: Int, count: Int, after: UInt8?)], in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        let keys = names.map { Key(bytes, start: $0.start, count: $0.count, after: $0.after) }
        var order = (0..<Int32(names.count)).map { $0 }
        let base = bytes.baseAddress
        keys.withUnsafeBufferPointer { keys in
            order.sort { left, right in
                let a = keys[Int(left)], b = keys[Int(right)]
                let common = Int(min(a.count, b.count))
                // The first byte the prefixes differ at decides, when both
                // names have it (past a name's end, its padding is not a byte).
                let differing = a.prefix ^ b.prefix
                if differing != 0, differing.leadingZeroBitCount / 8 < common { return a.prefix < b.prefix }
                if common > 0 {
                    let order = memcmp(base! + Int(a.start), base! + Int(b.start), common)
                    if order != 0 { return order < 0 }
                }
                let x = a.count > common ? Int16(base![Int(a.start) + common]) : a.after
                let y = b.count > common ? Int16(base![Int(b.start) + common]) : b.after
                // Equal names keep their order.
                return x != y ? x < y : left < right
            }
        }
        return order.map { Int($0) }
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
