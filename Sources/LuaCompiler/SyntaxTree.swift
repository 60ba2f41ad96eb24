/// The syntax tree of a Lua 5.4 chunk, as the parser builds it and the code
/// generator walks it.
final class Expression: Sendable {
    let kind: Kind
    let position: SourcePosition

    init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    enum Kind: Sendable {
        case `nil`, `true`, `false`, vararg
        case integer(Int64)
        case float(Double)
        case string([UInt8])
        case function(FunctionBody)
        case table([TableField])
        case binary(BinaryOperator, Expression, Expression)
        case unary(UnaryOperator, Expression)
        case name(String)
        case index(Expression, Expression)
        case call(Expression, [Expression])
        case method(Expression, String, [Expression])
        /// `(e)`: one value of a multi-value expression.
        case parenthesized(Expression)
    }

    /// Whether the expression can produce several values (a call or `...`).
    var isMultiValue: Bool {
        switch kind {
        case .call, .method, .vararg: true
        default: false
        }
    }
}

enum TableField: Sendable {
    case positional(Expression)
    case named(String, Expression)
    case keyed(Expression, Expression)
}

enum BinaryOperator: Sendable {
    case add, sub, mul, div, idiv, mod, pow
    case band, bor, bxor, shl, shr, concat
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case and, or

    /// Left and right binding power, as in Lua's grammar.
    var precedence: (left: Int, right: Int) {
        switch self {
        case .or: (1, 1)
        case .and: (2, 2)
        case .less, .greater, .lessEqual, .greaterEqual, .notEqual, .equal: (3, 3)
        case .bor: (4, 4)
        case .bxor: (5, 5)
        case .band: (6, 6)
        case .shl, .shr: (7, 7)
        case .concat: (9, 8)  // right associative
        case .add, .sub: (10, 10)
        case .mul, .div, .idiv, .mod: (11, 11)
        case .pow: (14, 13)  // right associative, above unary
        }
    }
}

enum UnaryOperator: Sendable {
    case minus, not, length, bnot
    static let precedence = 12
}

/// A function's parameters and body.
final class FunctionBody: Sendable {
    let parameters: [String]
    let isVararg: Bool
    let isMethod: Bool
    let block: Block
    let position: SourcePosition
    let endLine: Int

    init(parameters: [String], isVararg: Bool, isMethod: Bool, block: Block, position: SourcePosition, endLine: Int) {
        self.parameters = parameters
        self.isVararg = isVararg
        self.isMethod = isMethod
        self.block = block
        self.position = position
        self.endLine = endLine
    }
}

struct Block: Sendable {
    var statements: [Statement]
    /// `return` values, when the block ends with a return.
    var returnValues: [Expression]?
    var returnPosition: SourcePosition?
    var endPosition: SourcePosition
}

enum LocalAttribute: Sendable { case none, const, close }

/// A function statement's name: `a.b.c` or `a.b:c`.
struct FunctionName: Sendable {
    var parts: [String]
    var method: String?

    var text: String {
        var text = ""
        for (index, part) in parts.enumerated() {
            if index > 0 { text += "." }
            text += part
        }
        if let method { text += ":" + method }
        return text
    }
}

struct Statement: Sendable {
    let kind: Kind
    let position: SourcePosition

    indirect enum Kind: Sendable {
        case local([String], [LocalAttribute], [Expression])
        case assign([Expression], [Expression])
        case call(Expression)
        case `do`(Block)
        case `while`(Expression, Block)
        case `repeat`(Block, Expression)
        case `if`([(Expression, Block)], Block?)
        case numericFor(String, Expression, Expression, Expression?, Block)
        case genericFor([String], [Expression], Block)
        case function(FunctionName, FunctionBody)
        case localFunction(String, FunctionBody)
        case `break`
        case goto(String)
        case label(String)
    }
}
