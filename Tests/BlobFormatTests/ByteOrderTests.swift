import BlobFormat
import Testing

@Suite struct ByteOrderTests {
    /// The order spelled out: the common bytes, then the next byte of each
    /// name (or the byte that follows it, or nothing, which comes first);
    /// equal names keep their order.
    static func reference(_ items: [(name: String, folder: Bool)]) -> [Int] {
        items.indices.sorted { a, b in
            let x = Array(items[a].name.utf8), y = Array(items[b].name.utf8)
            let common = min(x.count, y.count)
            for at in 0..<common where x[at] != y[at] { return x[at] < y[at] }
            func next(_ bytes: [UInt8], _ folder: Bool) -> Int {
                bytes.count > common ? Int(bytes[common]) : (folder ? Int(UInt8(ascii: "/")) : -1)
            }
            let (p, q) = (next(x, items[a].folder), next(y, items[b].folder))
            return p != q ? p < q : a < b
        }
    }

    /// Names that differ within their first eight bytes, past them, at a
    /// name's end, with a folder's "/" after them, with NUL bytes, and
    /// repeated: the same order as spelled out.
    @Test func namesSortAsTheirBytesDo() {
        let fixed = ["file7.lua", "file17.lua", "handler_12", "handler_123", "handler_1", "handler_", "handler", "handle",
                     "a", "a.lua", "a0.lua", "ab", "", "z", "ü.lua", "Ünder", "a\u{0}b", "a\u{0}", "longname", "longname/", "longname.lua"]
        var random = SeededGenerator(state: 7)
        let alphabet = Array("ab.\u{0}/_zé".unicodeScalars)
        var items = fixed.flatMap { [($0, false), ($0, true)] }
        for _ in 0..<2000 {
            let length = Int(random.next() % 12)
            let name = String(String.UnicodeScalarView((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }))
            items.append((name, random.next() % 2 == 0))
        }
        let sorted = ByteOrder.sorted(Array(items.indices), name: { items[$0].0 }, suffix: { items[$0].1 ? UInt8(ascii: "/") : nil })
        #expect(sorted == Self.reference(items.map { (name: $0.0, folder: $0.1) }))
    }
}
