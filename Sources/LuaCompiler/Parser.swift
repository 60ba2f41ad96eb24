/// Parses Lua 5.4 source into a syntax tree. On a syntax error it records a
/// diagnostic and skips to the next statement, so that one run reports every
/// error that recovery allows. Nesting deeper than ``maximumDepth`` is an
/// error, never a stack overflow.
struct Parser {
    static let maximumDepth = 200

    private var lexer: Lexer
    private let path: String
    private var current: Token
    private var lookahead: Token?
    private var depth = 0
    private var lexicalError = false
    private(set) var diagnostics: [Diagnostic] = []

    init(source: [UInt8], path: String, isFile: Bool = true) {
        self.path = path
        lexer = Lexer(source: source, path: path, isFile: isFile)
        current = Token(kind: .endOfFile, position: SourcePosition(line: 1, column: 1), offset: 0, end: 0)
    }

    /// Parses a whole chunk; the diagnostics say whether it succeeded.
    mutating func parseChunk() -> Block {
        do throws(Diagnostic) {
            try advance()
        } catch {
            diagnostics.append(error)
            return Block(statements: [], endPosition: current.position)
        }
        var block = Block(statements: [], endPosition: current.position)
        while true {
            do throws(Diagnostic) {
                block = try parseBlock()
                if current.kind != .endOfFile { throw unexpected("<eof> expected") }
                return block
            } catch {
                diagnostics.append(error)
                guard recover() else { return block }
            }
        }
    }

    /// After an error: skips to the next top-level definition (`function`
    /// or `local` at the start of a line), where parsing can start afresh
    /// without reporting the broken statement's leftovers. Returns false at
    /// the end of the file or on a lexical error.
    private mutating func recover() -> Bool {
        if lexicalError { return false }
        do throws(Diagnostic) {
            try advance()
            while current.kind != .endOfFile {
                if current.position.column == 1, current.kind == .function || current.kind == .local { return true }
                try advance()
            }
        } catch {
            diagnostics.append(error)
        }
        return false
    }

    // MARK: Tokens

    private mutating func advance() throws(Diagnostic) {
        if let next = lookahead {
            current = next
            lookahead = nil
        } else {
            current = try lex()
        }
    }

    private mutating func peekNext() throws(Diagnostic) -> Token {
        if let lookahead { return lookahead }
        let next = try lex()
        lookahead = next
        return next
    }

    /// The next token; a lexical error ends recovery, since the lexer
    /// cannot tell where the broken token was meant to end.
    private mutating func lex() throws(Diagnostic) -> Token {
        do throws(Diagnostic) { return try lexer.next() } catch {
            lexicalError = true
            throw error
        }
    }

    private func error(_ message: String, at position: SourcePosition? = nil) -> Diagnostic {
        Diagnostic(path: path, position: position ?? current.position, message: message)
    }

    private func unexpected(_ message: String) -> Diagnostic {
        // Lua quotes the token, except the end of the text.
        error(current.kind == .endOfFile ? "\(message) near <eof>" : "\(message) near '\(lexer.nearText(current))'")
    }

    private mutating func accept(_ kind: TokenKind) throws(Diagnostic) -> Bool {
        guard current.kind == kind else { return false }
        try advance()
        return true
    }

    private mutating func expect(_ kind: TokenKind, _ what: String) throws(Diagnostic) {
        guard current.kind == kind else { throw unexpected("\(what) expected") }
        try advance()
    }

    /// Expects the token that closes `opening` (opened at `line`).
    private mutating func expectClosing(_ kind: TokenKind, opening: TokenKind, line: Int) throws(Diagnostic) {
        guard current.kind == kind else {
            if line == current.position.line { throw unexpected("'\(kind.text)' expected") }
            throw unexpected("'\(kind.text)' expected (to close '\(opening.text)' at line \(line))")
        }
        try advance()
    }

    private mutating func name() throws(Diagnostic) -> String {
        guard case let .name(name) = current.kind else { throw unexpected("<name> expected") }
        try advance()
        return name
    }

    private mutating func enter() throws(Diagnostic) {
        depth += 1
        if depth > Self.maximumDepth { throw error("chunk has too many syntax levels (limit is \(Self.maximumDepth))") }
    }

    private mutating func leave() { depth -= 1 }

    // MARK: Blocks and statements

    private var blockFollows: Bool {
        switch current.kind {
        case .else, .elseif, .end, .until, .endOfFile: true
        default: false
        }
    }

    private mutating func parseBlock() throws(Diagnostic) -> Block {
        var statements: [Statement] = []
        while !blockFollows {
            if current.kind == .return {
                let position = current.position
                try advance()
                var values: [Expression] = []
                if !blockFollows, current.kind != .semicolon { values = try expressionList() }
                _ = try accept(.semicolon)
                guard blockFollows else { throw unexpected("<eof> expected") }
                return Block(statements: statements, returnValues: values, returnPosition: position, endPosition: current.position)
            }
            if let statement = try parseStatement() { statements.append(statement) }
        }
        return Block(statements: statements, endPosition: current.position)
    }

    /// Each statement is a level, as in Lua: nested blocks and function
    /// bodies are counted by the statements that hold them.
    private mutating func parseStatement() throws(Diagnostic) -> Statement? {
        try enter()
        defer { leave() }
        let position = current.position
        func statement(_ kind: Statement.Kind) -> Statement { Statement(kind: kind, position: position) }
        switch current.kind {
        case .semicolon:
            try advance()
            return nil
        case .if:
            return statement(try ifStatement())
        case .while:
            try advance()
            let condition = try expression()
            try expect(.do, "'do'")
            let body = try parseBlock()
            try expectClosing(.end, opening: .while, line: position.line)
            return statement(.while(condition, body))
        case .do:
            try advance()
            let body = try parseBlock()
            try expectClosing(.end, opening: .do, line: position.line)
            return statement(.do(body))
        case .for:
            return statement(try forStatement(line: position.line))
        case .repeat:
            try advance()
            let body = try parseBlock()
            try expectClosing(.until, opening: .repeat, line: position.line)
            return statement(.repeat(body, try expression()))
        case .function:
            try advance()
            var parts = [try name()]
            var method: String?
            while try accept(.dot) { parts.append(try name()) }
            if try accept(.colon) { method = try name() }
            let body = try functionBody(isMethod: method != nil, line: position.line, position: position)
            return statement(.function(FunctionName(parts: parts, method: method), body))
        case .local:
            try advance()
            if try accept(.function) {
                let functionName = try name()
                return statement(.localFunction(functionName, try functionBody(isMethod: false, line: position.line, position: position)))
            }
            var names: [String] = []
            var attributes: [LocalAttribute] = []
            repeat {
                names.append(try name())
                attributes.append(try attribute())
            } while try accept(.comma)
            if attributes.filter({ $0 == .close }).count > 1 { throw error("multiple to-be-closed variables in local list") }
            let values = try accept(.assign) ? try expressionList() : []
            return statement(.local(names, attributes, values))
        case .doubleColon:
            try advance()
            let label = try name()
            try expect(.doubleColon, "'::'")
            return statement(.label(label))
        case .return:
            throw unexpected("<eof> expected")
        case .break:
            try advance()
            return statement(.break)
        case .goto:
            try advance()
            return statement(.goto(try name()))
        default:
            return statement(try expressionStatement())
        }
    }

    private mutating func attribute() throws(Diagnostic) -> LocalAttribute {
        guard try accept(.less) else { return .none }
        let position = current.position
        let text = try name()
        try expect(.greater, "'>'")
        switch text {
        case "const": return .const
        case "close": return .close
        default: throw error("unknown attribute '\(text)'", at: position)
        }
    }

    private mutating func ifStatement() throws(Diagnostic) -> Statement.Kind {
        let line = current.position.line
        var clauses: [(Expression, Block)] = []
        repeat {
            try advance()
            let condition = try expression()
            try expect(.then, "'then'")
            clauses.append((condition, try parseBlock()))
        } while current.kind == .elseif
        var otherwise: Block?
        if try accept(.else) { otherwise = try parseBlock() }
        try expectClosing(.end, opening: .if, line: line)
        return .if(clauses, otherwise)
    }

    private mutating func forStatement(line: Int) throws(Diagnostic) -> Statement.Kind {
        try advance()
        let first = try name()
        if try accept(.assign) {
            let start = try expression()
            try expect(.comma, "','")
            let limit = try expression()
            let step = try accept(.comma) ? try expression() : nil
            try expect(.do, "'do'")
            let body = try parseBlock()
            try expectClosing(.end, opening: .for, line: line)
            return .numericFor(first, start, limit, step, body)
        }
        guard current.kind == .comma || current.kind == .in else { throw unexpected("'=' or 'in' expected") }
        var names = [first]
        while try accept(.comma) { names.append(try name()) }
        try expect(.in, "'in'")
        let values = try expressionList()
        try expect(.do, "'do'")
        let body = try parseBlock()
        try expectClosing(.end, opening: .for, line: line)
        return .genericFor(names, values, body)
    }

    private mutating func expressionStatement() throws(Diagnostic) -> Statement.Kind {
        let first = try suffixedExpression()
        if current.kind == .assign || current.kind == .comma {
            var targets = [first]
            // Each further target is a level, as in Lua (whose parser recurses on them).
            defer { depth -= targets.count - 1 }
            while try accept(.comma) {
                try enter()
                targets.append(try suffixedExpression())
            }
            try expect(.assign, "'='")
            let values = try expressionList()
            for target in targets {
                switch target.kind {
                case .name, .index: continue
                default: throw error("syntax error near '='", at: target.position)
                }
            }
            return .assign(targets, values)
        }
        switch first.kind {
        case .call, .method: return .call(first)
        default: throw unexpected("syntax error")
        }
    }

    // MARK: Functions

    private mutating func functionBody(isMethod: Bool, line: Int, position: SourcePosition) throws(Diagnostic) -> FunctionBody {
        try expect(.leftParen, "'('")
        var parameters: [String] = []
        var isVararg = false
        if current.kind != .rightParen {
            repeat {
                if try accept(.ellipsis) {
                    isVararg = true
                    break
                }
                parameters.append(try name())
            } while try accept(.comma)
        }
        try expect(.rightParen, "')'")
        let block = try parseBlock()
        let endLine = current.position.line
        try expectClosing(.end, opening: .function, line: line)
        return FunctionBody(parameters: parameters, isVararg: isVararg, isMethod: isMethod, block: block, position: position, endLine: endLine)
    }

    // MARK: Expressions

    private mutating func expressionList() throws(Diagnostic) -> [Expression] {
        var values = [try expression()]
        while try accept(.comma) { values.append(try expression()) }
        return values
    }

    mutating func expression(limit: Int = 0) throws(Diagnostic) -> Expression {
        try enter()
        defer { leave() }
        var left: Expression
        let position = current.position
        if let unary = unaryOperator(current.kind) {
            try advance()
            let operand = try expression(limit: UnaryOperator.precedence)
            left = Expression(.unary(unary, operand), at: position)
        } else {
            left = try simpleExpression()
        }
        while let binary = binaryOperator(current.kind), binary.precedence.left > limit {
            let operatorPosition = current.position
            try advance()
            let right = try expression(limit: binary.precedence.right)
            left = Expression(.binary(binary, left, right), at: operatorPosition)
        }
        return left
    }

    private func unaryOperator(_ kind: TokenKind) -> UnaryOperator? {
        switch kind {
        case .minus: .minus
        case .not: .not
        case .hash: .length
        case .tilde: .bnot
        default: nil
        }
    }

    private func binaryOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .plus: .add
        case .minus: .sub
        case .star: .mul
        case .slash: .div
        case .doubleSlash: .idiv
        case .percent: .mod
        case .caret: .pow
        case .ampersand: .band
        case .pipe: .bor
        case .tilde: .bxor
        case .shiftLeft: .shl
        case .shiftRight: .shr
        case .concat: .concat
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        case .and: .and
        case .or: .or
        default: nil
        }
    }

    private mutating func simpleExpression() throws(Diagnostic) -> Expression {
        let position = current.position
        func simple(_ kind: Expression.Kind) throws(Diagnostic) -> Expression {
            try advance()
            return Expression(kind, at: position)
        }
        switch current.kind {
        case let .integer(value): return try simple(.integer(value))
        case let .float(value): return try simple(.float(value))
        case let .string(bytes): return try simple(.string(bytes))
        case .nil: return try simple(.nil)
        case .true: return try simple(.true)
        case .false: return try simple(.false)
        case .ellipsis: return try simple(.vararg)
        case .leftBrace: return try tableConstructor()
        case .function:
            try advance()
            return Expression(.function(try functionBody(isMethod: false, line: position.line, position: position)), at: position)
        default:
            return try suffixedExpression()
        }
    }

    private mutating func primaryExpression() throws(Diagnostic) -> Expression {
        let position = current.position
        switch current.kind {
        case let .name(name):
            try advance()
            return Expression(.name(name), at: position)
        case .leftParen:
            try advance()
            let inner = try expression()
            try expectClosing(.rightParen, opening: .leftParen, line: position.line)
            return Expression(.parenthesized(inner), at: position)
        default:
            throw unexpected("unexpected symbol")
        }
    }

    private mutating func suffixedExpression() throws(Diagnostic) -> Expression {
        var value = try primaryExpression()
        var levels = 0
        defer { depth -= levels }
        while true {
            let position = current.position
            switch current.kind {
            case .dot:
                try advance()
                let field = try name()
                value = Expression(.index(value, Expression(.string(Array(field.utf8)), at: position)), at: position)
            case .leftBracket:
                try advance()
                let key = try expression()
                try expect(.rightBracket, "']'")
                value = Expression(.index(value, key), at: position)
            case .colon:
                try advance()
                let method = try name()
                value = Expression(.method(value, method, try callArguments()), at: position)
            case .leftParen, .string, .leftBrace:
                value = Expression(.call(value, try callArguments()), at: position)
            default:
                return value
            }
            levels += 1
            try enter()
        }
    }

    private mutating func callArguments() throws(Diagnostic) -> [Expression] {
        let position = current.position
        switch current.kind {
        case let .string(bytes):
            try advance()
            return [Expression(.string(bytes), at: position)]
        case .leftBrace:
            return [try tableConstructor()]
        case .leftParen:
            try advance()
            if try accept(.rightParen) { return [] }
            let arguments = try expressionList()
            try expectClosing(.rightParen, opening: .leftParen, line: position.line)
            return arguments
        default:
            throw unexpected("function arguments expected")
        }
    }

    private mutating func tableConstructor() throws(Diagnostic) -> Expression {
        let position = current.position
        try expect(.leftBrace, "'{'")
        var fields: [TableField] = []
        while current.kind != .rightBrace {
            if case let .name(field) = current.kind, try peekNext().kind == .assign {
                try advance()
                try advance()
                fields.append(.named(field, try expression()))
            } else if try accept(.leftBracket) {
                let key = try expression()
                try expect(.rightBracket, "']'")
                try expect(.assign, "'='")
                fields.append(.keyed(key, try expression()))
            } else {
                fields.append(.positional(try expression()))
            }
            if try accept(.comma) { continue }
            if try accept(.semicolon) { continue }
            break
        }
        try expectClosing(.rightBrace, opening: .leftBrace, line: position.line)
        return Expression(.table(fields), at: position)
    }
}
