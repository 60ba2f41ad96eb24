/// The metamethod events, with their names made into VM strings once (a
/// lookup then costs no string building or interning).
enum Event: Int, CaseIterable {
    case index, newindex, call, len, concat, eq, lt, le, unm, bnot
    case add, sub, mul, div, mod, pow, idiv, band, bor, bxor, shl, shr
    case tostring, name, metatable, pairs, close, mode

    /// `__index`, `__add`, …
    var text: String { "__" + String(describing: self) }
}
