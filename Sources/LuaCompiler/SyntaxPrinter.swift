import BlobFormat
import FoundationEssentials

/// Prints a syntax tree back as Lua source, with every binary and unary
/// operation in parentheses so that the tree's shape is visible. Parsing
/// what it prints gives the same tree: the parser round-trip tests and
/// `blobrepo check --print` rely on that.
public enum SyntaxPrinter {
    /// Parses `source` and prints its tree; throws the parse diagnostics.
    public static func normalized(_ source: [UInt8], path: String = "input") throws(CompileFailure) -> String {
        var parser = Parser(source: source, path: path)
        let block = parser.parseChunk()
        if !parser.diagnostics.isEmpty { throw CompileFailure(parser.diagnostics) }
        var printer = Printer()
        printer.block(block)
        return printer.output
    }
}

private struct Printer {
    var output = ""
    var indent = 0

    mutating func line(_ text: String) {
        output += String(repeating: "  ", count: indent) + text + "\n"
    }

    mutating func block(_ block: Block) {
        indent += 1
        for statement in block.statements { self.statement(statement) }
        if let values = block.returnValues { line("return " + list(values)) }
        indent -= 1
    }

    mutating func statement(_ statement: Statement) {
        switch statement.kind {
        case let .local(names, attributes, values):
            let declared = zip(names, attributes).map { name, attribute in
                name + (attribute == .const ? " <const>" : attribute == .close ? " <close>" : "")
            }
            line("local " + declared.joined(separator: ", ") + (values.isEmpty ? "" : " = " + list(values)))
        case let .assign(targets, values): line(list(targets) + " = " + list(values))
        case let .call(call): line(expression(call))
        case let .do(body):
            line("do")
            block(body)
            line("end")
        case let .while(condition, body):
            line("while " + expression(condition) + " do")
            block(body)
            line("end")
        case let .repeat(body, condition):
            line("repeat")
            block(body)
            line("until " + expression(condition))
        case let .if(clauses, otherwise):
            for (index, (condition, body)) in clauses.enumerated() {
                line((index == 0 ? "if " : "elseif ") + expression(condition) + " then")
                block(body)
            }
            if let otherwise {
                line("else")
                block(otherwise)
            }
            line("end")
        case let .numericFor(name, start, limit, step, body):
            line("for \(name) = \(expression(start)), \(expression(limit))" + (step.map { ", " + expression($0) } ?? "") + " do")
            block(body)
            line("end")
        case let .genericFor(names, values, body):
            line("for \(names.joined(separator: ", ")) in \(list(values)) do")
            block(body)
            line("end")
        case let .function(name, body):
            function("function " + name.text, body, dropSelf: false)
        case let .localFunction(name, body):
            function("local function " + name, body, dropSelf: false)
        case .break: line("break")
        case let .goto(label): line("goto " + label)
        case let .label(label): line("::\(label)::")
        }
    }

    mutating func function(_ head: String, _ body: FunctionBody, dropSelf: Bool) {
        line(head + "(" + (body.parameters + (body.isVararg ? ["..."] : [])).joined(separator: ", ") + ")")
        block(body.block)
        line("end")
    }

    func list(_ expressions: [Expression]) -> String {
        expressions.map(expression).joined(separator: ", ")
    }

    func expression(_ node: Expression) -> String {
        switch node.kind {
        case .nil: return "nil"
        case .true: return "true"
        case .false: return "false"
        case .vararg: return "..."
        case let .integer(value):
            if value == Int64.min { return "0x8000000000000000" }
            return value < 0 ? "(-\(-value))" : String(value)
        case let .float(value):
            if value.isNaN { return "(0/0)" }
            if value.isInfinite { return value < 0 ? "(-1/0)" : "(1/0)" }
            return cFormatted("%a", value)
        case let .string(bytes): return quoted(bytes)
        case let .function(body):
            var printer = Printer()
            printer.indent = indent
            printer.function("function", body, dropSelf: false)
            return String(printer.output.dropFirst(indent * 2).dropLast())
        case let .table(fields):
            return "{" + fields.map { field in
                switch field {
                case let .positional(value): expression(value)
                case let .named(name, value): "\(name) = \(expression(value))"
                case let .keyed(key, value): "[\(expression(key))] = \(expression(value))"
                }
            }.joined(separator: ", ") + "}"
        case let .binary(op, left, right): return "(\(expression(left)) \(Self.symbol(op)) \(expression(right)))"
        case let .unary(op, operand):
            let symbol = switch op { case .minus: "-" case .not: "not " case .length: "#" case .bnot: "~" }
            return "(\(symbol)\(expression(operand)))"
        case let .name(name): return name
        case let .index(object, key): return prefix(object) + "[" + expression(key) + "]"
        case let .call(function, arguments): return prefix(function) + "(" + list(arguments) + ")"
        case let .method(object, name, arguments): return prefix(object) + ":" + name + "(" + list(arguments) + ")"
        case let .parenthesized(inner):
            // Parentheses only matter where they cut a call or `...` to one
            // value; operations are printed in parentheses anyway.
            return inner.isMultiValue ? "(" + expression(inner) + ")" : expression(inner)
        }
    }

    /// An expression in a position where only a prefix expression may stand.
    func prefix(_ node: Expression) -> String {
        switch node.kind {
        case .name, .index, .call, .method: expression(node)
        case let .parenthesized(inner) where inner.isMultiValue: expression(node)
        case let .parenthesized(inner): prefix(inner)
        default: "(" + expression(node) + ")"
        }
    }

    func quoted(_ bytes: [UInt8]) -> String {
        var text = "\""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x20..<0x7F: text.append(Character(UnicodeScalar(byte)))
            default: text += "\\" + String(byte).leftPadded(3)
            }
        }
        return text + "\""
    }

    static func symbol(_ op: BinaryOperator) -> String {
        switch op {
        case .add: "+"
        case .sub: "-"
        case .mul: "*"
        case .div: "/"
        case .idiv: "//"
        case .mod: "%"
        case .pow: "^"
        case .band: "&"
        case .bor: "|"
        case .bxor: "~"
        case .shl: "<<"
        case .shr: ">>"
        case .concat: ".."
        case .equal: "=="
        case .notEqual: "~="
        case .less: "<"
        case .lessEqual: "<="
        case .greater: ">"
        case .greaterEqual: ">="
        case .and: "and"
        case .or: "or"
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
