/// The kinds of token in Lua 5.4 source.
enum TokenKind: Hashable, Sendable {
    // Keywords.
    case and, `break`, `do`, `else`, `elseif`, end, `false`, `for`, function, goto, `if`, `in`
    case local, `nil`, not, or, `repeat`, `return`, then, `true`, until, `while`
    // Symbols.
    case plus, minus, star, slash, doubleSlash, percent, caret, hash
    case ampersand, tilde, pipe, shiftLeft, shiftRight
    case equal, notEqual, lessEqual, greaterEqual, less, greater, assign
    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket, doubleColon
    case semicolon, colon, comma, dot, concat, ellipsis
    // Values.
    case name(String)
    case string([UInt8])
    case integer(Int64)
    case float(Double)
    case endOfFile

    static let keywords: [String: TokenKind] = [
        "and": .and, "break": .break, "do": .do, "else": .else, "elseif": .elseif, "end": .end,
        "false": .false, "for": .for, "function": .function, "goto": .goto, "if": .if, "in": .in,
        "local": .local, "nil": .nil, "not": .not, "or": .or, "repeat": .repeat, "return": .return,
        "then": .then, "true": .true, "until": .until, "while": .while,
    ]

    /// How the token reads in an error message, as Lua quotes it.
    var text: String {
        switch self {
        case let .name(name): return name
        case let .string(bytes): return String(decoding: bytes, as: UTF8.self)
        case let .integer(value): return String(value)
        case let .float(value): return String(value)
        case .endOfFile: return "<eof>"
        default: break
        }
        if let keyword = Self.keywords.first(where: { $0.value == self })?.key { return keyword }
        return Self.symbols.first { $0.value == self }?.key ?? "?"
    }

    static let symbols: [String: TokenKind] = [
        "+": .plus, "-": .minus, "*": .star, "/": .slash, "//": .doubleSlash, "%": .percent, "^": .caret, "#": .hash,
        "&": .ampersand, "~": .tilde, "|": .pipe, "<<": .shiftLeft, ">>": .shiftRight,
        "==": .equal, "~=": .notEqual, "<=": .lessEqual, ">=": .greaterEqual, "<": .less, ">": .greater, "=": .assign,
        "(": .leftParen, ")": .rightParen, "{": .leftBrace, "}": .rightBrace, "[": .leftBracket, "]": .rightBracket,
        "::": .doubleColon, ";": .semicolon, ":": .colon, ",": .comma, ".": .dot, "..": .concat, "...": .ellipsis,
    ]
}

struct Token: Sendable {
    var kind: TokenKind
    var position: SourcePosition
    /// The byte offset of the token's first byte.
    var offset: Int
    /// The byte offset just past the token.
    var end: Int
}
