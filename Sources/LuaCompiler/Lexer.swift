import BlobFormat

/// Turns Lua 5.4 source bytes into tokens: long strings and comments of any
/// level, every numeric literal form (decimal, hex, hex floats, exponents),
/// and every escape (`\z`, `\x`, `\u{}`, decimal). Strings are byte strings:
/// invalid UTF-8 is kept as it is.
struct Lexer {
    private let source: [UInt8]
    private let path: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    /// `isFile`: the source is a file's, whose first line is skipped when
    /// it starts with '#' (a shebang), as lua does for files (not for `load`).
    init(source: [UInt8], path: String, isFile: Bool = true) {
        self.source = source
        self.path = path
        if isFile, source.first == UInt8(ascii: "#") {
            while index < source.count, source[index] != UInt8(ascii: "\n") { index += 1 }
        }
    }

    private var position: SourcePosition { SourcePosition(line: line, column: index - lineStart + 1) }

    private func peek(_ ahead: Int = 0) -> UInt8 {
        index + ahead < source.count ? source[index + ahead] : 0
    }

    private var atEnd: Bool { index >= source.count }

    private func error(_ message: String, at position: SourcePosition) -> Diagnostic {
        Diagnostic(path: path, position: position, message: message)
    }

    private mutating func newline() {
        // "\n", "\r", "\r\n" and "\n\r" each count as one line break.
        let first = source[index]
        index += 1
        if index < source.count, source[index] != first, source[index] == UInt8(ascii: "\n") || source[index] == UInt8(ascii: "\r") {
            index += 1
        }
        line += 1
        lineStart = index
    }

    private static func isNewline(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isHexDigit(_ byte: UInt8) -> Bool { hexValue(byte) != nil }
    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }
    private static func isNameByte(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// The next token; throws the first lexical error.
    mutating func next() throws(Diagnostic) -> Token {
        while !atEnd {
            let byte = peek()
            if Self.isNewline(byte) {
                newline()
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0B || byte == 0x0C {
                index += 1
            } else if byte == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                try skipComment()
            } else {
                break
            }
        }
        let start = position
        let offset = index
        func token(_ kind: TokenKind) -> Token { Token(kind: kind, position: start, offset: offset, end: index) }
        guard !atEnd else { return token(.endOfFile) }
        let byte = peek()
        if Self.isNameStart(byte) {
            while index < source.count, Self.isNameByte(source[index]) { index += 1 }
            let length = index - offset
            // Keywords are 2 to 8 lowercase letters: most names are ruled out
            // without a comparison.
            if length >= 2, length <= 8, source[offset] >= UInt8(ascii: "a"), source[offset] <= UInt8(ascii: "w"),
               let keyword = Self.keyword(source[offset..<index]) {
                return token(keyword)
            }
            return token(.name(String(decoding: source[offset..<index], as: UTF8.self)))
        }
        if Self.isDigit(byte) || (byte == UInt8(ascii: ".") && Self.isDigit(peek(1))) {
            return token(try number())
        }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return token(.string(try shortString()))
        case UInt8(ascii: "["):
            if let level = longBracketLevel() {
                return token(.string(try longString(level: level, what: "string")))
            }
            index += 1
            return token(.leftBracket)
        default:
            break
        }
        if let kind = symbol() { return token(kind) }
        index += 1
        let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : "'<\\\(byte)>'"
        throw error("unexpected symbol near \(shown)", at: start)
    }

    /// A token as Lua's messages quote it after "near": a short string
    /// between its quotes (escapes decoded), a long string or a number as
    /// written, anything else by its text.
    func nearText(_ token: Token) -> String {
        switch token.kind {
        case let .string(bytes) where source[token.offset] != UInt8(ascii: "["):
            return String(decoding: [source[token.offset]] + bytes + [source[token.offset]], as: UTF8.self)
        case .string, .integer, .float:
            return String(decoding: source[token.offset..<token.end], as: UTF8.self)
        default:
            return token.kind.text
        }
    }

    /// A keyword's token kind; `nil` for any other name. Compared as bytes
    /// against the keywords that start with the same letter, so that a name
    /// costs no String.
    private static func keyword(_ name: ArraySlice<UInt8>) -> TokenKind? {
        guard let first = name.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return nil }
        for (word, kind) in keywordsByLetter[Int(first - UInt8(ascii: "a"))] where word.elementsEqual(name) {
            return kind
        }
        return nil
    }

    /// The keywords, by their first letter (`a` is 0).
    private static let keywordsByLetter: [[(word: [UInt8], kind: TokenKind)]] = {
        let keywords: [(String, TokenKind)] = [
            ("and", .and), ("break", .break), ("do", .do), ("else", .else), ("elseif", .elseif), ("end", .end),
            ("false", .false), ("for", .for), ("function", .function), ("goto", .goto), ("if", .if), ("in", .in),
            ("local", .local), ("nil", .nil), ("not", .not), ("or", .or), ("repeat", .repeat), ("return", .return),
            ("then", .then), ("true", .true), ("until", .until), ("while", .while),
        ]
        var table = [[(word: [UInt8], kind: TokenKind)]](repeating: [], count: 26)
        for (word, kind) in keywords {
            let bytes = Array(word.utf8)
            table[Int(bytes[0] - UInt8(ascii: "a"))].append((bytes, kind))
        }
        return table
    }()

    /// The operator or punctuation at the index (the longest that matches),
    /// consuming it.
    private mutating func symbol() -> TokenKind? {
        let first = peek()
        let second = peek(1)
        func take(_ length: Int, _ kind: TokenKind) -> TokenKind {
            index += length
            return kind
        }
        switch first {
        case UInt8(ascii: "+"): return take(1, .plus)
        case UInt8(ascii: "-"): return take(1, .minus)
        case UInt8(ascii: "*"): return take(1, .star)
        case UInt8(ascii: "/"): return second == UInt8(ascii: "/") ? take(2, .doubleSlash) : take(1, .slash)
        case UInt8(ascii: "%"): return take(1, .percent)
        case UInt8(ascii: "^"): return take(1, .caret)
        case UInt8(ascii: "#"): return take(1, .hash)
        case UInt8(ascii: "&"): return take(1, .ampersand)
        case UInt8(ascii: "~"): return second == UInt8(ascii: "=") ? take(2, .notEqual) : take(1, .tilde)
        case UInt8(ascii: "|"): return take(1, .pipe)
        case UInt8(ascii: "<"):
            if second == UInt8(ascii: "<") { return take(2, .shiftLeft) }
            return second == UInt8(ascii: "=") ? take(2, .lessEqual) : take(1, .less)
        case UInt8(ascii: ">"):
            if second == UInt8(ascii: ">") { return take(2, .shiftRight) }
            return second == UInt8(ascii: "=") ? take(2, .greaterEqual) : take(1, .greater)
        case UInt8(ascii: "="): return second == UInt8(ascii: "=") ? take(2, .equal) : take(1, .assign)
        case UInt8(ascii: "("): return take(1, .leftParen)
        case UInt8(ascii: ")"): return take(1, .rightParen)
        case UInt8(ascii: "{"): return take(1, .leftBrace)
        case UInt8(ascii: "}"): return take(1, .rightBrace)
        case UInt8(ascii: "]"): return take(1, .rightBracket)
        case UInt8(ascii: ";"): return take(1, .semicolon)
        case UInt8(ascii: ":"): return second == UInt8(ascii: ":") ? take(2, .doubleColon) : take(1, .colon)
        case UInt8(ascii: ","): return take(1, .comma)
        case UInt8(ascii: "."):
            guard second == UInt8(ascii: ".") else { return take(1, .dot) }
            return peek(2) == UInt8(ascii: ".") ? take(3, .ellipsis) : take(2, .concat)
        default: return nil
        }
    }

    private mutating func skipComment() throws(Diagnostic) {
        index += 2
        if peek() == UInt8(ascii: "["), let level = longBracketLevel() {
            _ = try longString(level: level, what: "comment")
            return
        }
        while !atEnd, !Self.isNewline(peek()) { index += 1 }
    }

    /// At `[`: the level of a long bracket `[==[` (its `=` count), leaving the
    /// index after it; `nil` (and the index unchanged) when it is not one.
    private mutating func longBracketLevel() -> Int? {
        var cursor = index + 1
        var level = 0
        while cursor < source.count, source[cursor] == UInt8(ascii: "=") {
            level += 1
            cursor += 1
        }
        guard cursor < source.count, source[cursor] == UInt8(ascii: "[") else { return nil }
        index = cursor + 1
        return level
    }

    private mutating func longString(level: Int, what: String) throws(Diagnostic) -> [UInt8] {
        let start = position
        // A newline right after the opening bracket is skipped.
        if !atEnd, Self.isNewline(peek()) { newline() }
        var bytes: [UInt8] = []
        while true {
            guard !atEnd else { throw error("unfinished long \(what) (starting at line \(start.line)) near <eof>", at: position) }
            let byte = peek()
            if byte == UInt8(ascii: "]") {
                var cursor = index + 1
                var count = 0
                while cursor < source.count, source[cursor] == UInt8(ascii: "=") {
                    count += 1
                    cursor += 1
                }
                if count == level, cursor < source.count, source[cursor] == UInt8(ascii: "]") {
                    index = cursor + 1
                    return bytes
                }
                bytes.append(byte)
                index += 1
            } else if Self.isNewline(byte) {
                bytes.append(UInt8(ascii: "\n"))
                newline()
            } else {
                bytes.append(byte)
                index += 1
            }
        }
    }

    private mutating func shortString() throws(Diagnostic) -> [UInt8] {
        let quote = peek()
        let start = position
        index += 1
        var bytes: [UInt8] = []
        while true {
            guard !atEnd else { throw error("unfinished string near <eof>", at: start) }
            let byte = peek()
            if byte == quote {
                index += 1
                return bytes
            }
            if Self.isNewline(byte) { throw error("unfinished string near '\(String(decoding: [quote] + bytes, as: UTF8.self))'", at: start) }
            if byte != UInt8(ascii: "\\") {
                bytes.append(byte)
                index += 1
                continue
            }
            let escapeStart = position
            let backslash = index
            // Lua names a bad escape by the string read so far: what came
            // before it, decoded, then the escape as written up to `end`.
            func bad(_ message: String, through end: Int) -> Diagnostic {
                let written = source[backslash..<min(end, source.count)]
                return error("\(message) near '\(String(decoding: [quote] + bytes + written, as: UTF8.self))'", at: escapeStart)
            }
            index += 1
            guard !atEnd else { throw error("unfinished string near <eof>", at: start) }
            let escape = peek()
            switch escape {
            case UInt8(ascii: "n"): bytes.append(0x0A); index += 1
            case UInt8(ascii: "t"): bytes.append(0x09); index += 1
            case UInt8(ascii: "r"): bytes.append(0x0D); index += 1
            case UInt8(ascii: "a"): bytes.append(0x07); index += 1
            case UInt8(ascii: "b"): bytes.append(0x08); index += 1
            case UInt8(ascii: "f"): bytes.append(0x0C); index += 1
            case UInt8(ascii: "v"): bytes.append(0x0B); index += 1
            case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): bytes.append(escape); index += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                bytes.append(0x0A)
                newline()
            case UInt8(ascii: "x"):
                index += 1
                guard let high = Self.hexValue(peek()) else { throw bad("hexadecimal digit expected", through: index + 1) }
                guard let low = Self.hexValue(peek(1)) else { throw bad("hexadecimal digit expected", through: index + 2) }
                bytes.append(UInt8(high * 16 + low))
                index += 2
            case UInt8(ascii: "z"):
                index += 1
                while !atEnd {
                    let next = peek()
                    if Self.isNewline(next) { newline() } else if next == 0x20 || (next >= 0x09 && next <= 0x0D) { index += 1 } else { break }
                }
            case UInt8(ascii: "u"):
                index += 1
                guard peek() == UInt8(ascii: "{") else { throw bad("missing '{' in \\u{xxxx}", through: index + 1) }
                index += 1
                var value: UInt64 = 0
                var digits = 0
                while let digit = Self.hexValue(peek()) {
                    value = value * 16 + UInt64(digit)
                    digits += 1
                    index += 1
                    guard value <= 0x7FFF_FFFF else { throw bad("UTF-8 value too large", through: index) }
                }
                guard digits > 0 else { throw bad("hexadecimal digit expected", through: index + 1) }
                guard peek() == UInt8(ascii: "}") else { throw bad("missing '}' in \\u{xxxx}", through: index + 1) }
                index += 1
                bytes += LuaUTF8.encode(UInt32(value))
            default:
                guard Self.isDigit(escape) else { throw bad("invalid escape sequence", through: index + 1) }
                var value = 0
                for _ in 0..<3 where Self.isDigit(peek()) {
                    value = value * 10 + Int(peek() - UInt8(ascii: "0"))
                    index += 1
                }
                guard value <= 255 else { throw bad("decimal escape too large", through: index + 1) }
                bytes.append(UInt8(value))
            }
        }
    }

    private mutating func number() throws(Diagnostic) -> TokenKind {
        let start = position
        let begin = index
        var isHex = false
        if peek() == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "X") {
            isHex = true
            index += 2
        }
        let exponents: [UInt8] = isHex ? [UInt8(ascii: "p"), UInt8(ascii: "P")] : [UInt8(ascii: "e"), UInt8(ascii: "E")]
        while !atEnd {
            let byte = peek()
            if exponents.contains(byte), peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") {
                index += 2
            } else if Self.isHexDigit(byte) || byte == UInt8(ascii: ".") {
                index += 1
            } else {
                break
            }
        }
        // A name character glued to the number makes it malformed, as in lua.
        while !atEnd, Self.isNameByte(peek()) { index += 1 }
        let digits = source[begin..<index]
        if digits.count < 19, digits.allSatisfy(Self.isDigit) {
            return .integer(digits.reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) })
        }
        let text = String(decoding: digits, as: UTF8.self)
        switch LuaNumeral.parse(text) {
        case let .integer(value)?: return .integer(value)
        case let .float(value)?: return .float(value)
        default: throw error("malformed number near '\(text)'", at: start)
        }
    }
}
