/// The metamethod events, with their names made into VM strings once (a
/// lookup then costs no string building or interning).
enum Event: Int, CaseIterable {
    case index, newindex, call, len, concat, eq, lt, le, unm, bnot
    case add, sub, mul, div, mod, pow, idiv, band, bor, bxor, shl, shr
    case tostring, name, metatable, pairs, close, mode

    /// `__index`, `__add`, …, written out: naming a case by reflection
    /// (`String(describing:)`) cost a millisecond at every VM's start.
    var text: String { Self.texts[rawValue] }

    private static let texts = [
        "__index", "__newindex", "__call", "__len", "__concat", "__eq", "__lt", "__le", "__unm", "__bnot",
        "__add", "__sub", "__mul", "__div", "__mod", "__pow", "__idiv", "__band", "__bor", "__bxor", "__shl", "__shr",
        "__tostring", "__name", "__metatable", "__pairs", "__close", "__mode",
    ]
}
