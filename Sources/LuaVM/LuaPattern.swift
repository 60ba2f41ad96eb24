/// Lua's patterns (the language of `string.find`, `match`, `gmatch` and
/// `gsub`): character classes, sets, the quantifiers `* + - ?`, anchors,
/// captures (with position captures), `%b`, `%f` and back-references.
/// A backtracking matcher over bytes, with a depth limit.
struct LuaPattern {
    enum Failure: Error { case malformed(String), tooComplex }

    let pattern: [UInt8]
    let subject: [UInt8]
    /// Captures: start offset and length; length -1 while open, -2 for a
    /// position capture.
    var captures: [(start: Int, length: Int)] = []
    private var depth = 0
    static let maximumDepth = 200
    static let maximumCaptures = 32

    init(pattern: [UInt8], subject: [UInt8]) {
        self.pattern = pattern
        self.subject = subject
    }

    private static let escape = UInt8(ascii: "%")

    /// Matches at `start`; returns the end of the match.
    mutating func match(at start: Int, patternStart: Int = 0) throws(Failure) -> Int? {
        captures = []
        depth = 0
        return try match(start, patternStart)
    }

    private mutating func match(_ s: Int, _ p: Int) throws(Failure) -> Int? {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth { throw .tooComplex }
        var s = s, p = p
        while true {
            if p == pattern.count { return s }
            switch pattern[p] {
            case UInt8(ascii: "("):
                if p + 1 < pattern.count, pattern[p + 1] == UInt8(ascii: ")") { return try startCapture(s, p + 2, position: true) }
                return try startCapture(s, p + 1, position: false)
            case UInt8(ascii: ")"):
                return try endCapture(s, p + 1)
            case UInt8(ascii: "$") where p + 1 == pattern.count:
                return s == subject.count ? s : nil
            case Self.escape where p + 1 < pattern.count && pattern[p + 1] == UInt8(ascii: "b"):
                guard let end = try balance(s, p + 2) else { return nil }
                s = end
                p += 4
                continue
            case Self.escape where p + 1 < pattern.count && pattern[p + 1] == UInt8(ascii: "f"):
                p += 2
                guard p < pattern.count, pattern[p] == UInt8(ascii: "[") else { throw .malformed("missing '[' after '%f' in pattern") }
                let setEnd = try classEnd(p)
                let previous: UInt8 = s == 0 ? 0 : subject[s - 1]
                let current: UInt8 = s < subject.count ? subject[s] : 0
                guard !matchSet(previous, p, setEnd - 1), matchSet(current, p, setEnd - 1) else { return nil }
                p = setEnd
                continue
            case Self.escape where p + 1 < pattern.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(pattern[p + 1]):
                guard let end = try backReference(s, Int(pattern[p + 1] - UInt8(ascii: "0"))) else { return nil }
                s = end
                p += 2
                continue
            default:
                break
            }
            let end = try classEnd(p)
            let matches = s < subject.count && singleMatch(subject[s], p, end)
            let quantifier: UInt8 = end < pattern.count ? pattern[end] : 0
            switch quantifier {
            case UInt8(ascii: "?"):
                if matches, let result = try match(s + 1, end + 1) { return result }
                p = end + 1
            case UInt8(ascii: "+"):
                return matches ? try maxExpand(s + 1, p, end) : nil
            case UInt8(ascii: "*"):
                return try maxExpand(s, p, end)
            case UInt8(ascii: "-"):
                return try minExpand(s, p, end)
            default:
                guard matches else { return nil }
                s += 1
                p = end
            }
        }
    }

    private mutating func maxExpand(_ s: Int, _ p: Int, _ end: Int) throws(Failure) -> Int? {
        var count = 0
        while s + count < subject.count, singleMatch(subject[s + count], p, end) { count += 1 }
        while count >= 0 {
            if let result = try match(s + count, end + 1) { return result }
            count -= 1
        }
        return nil
    }

    private mutating func minExpand(_ s: Int, _ p: Int, _ end: Int) throws(Failure) -> Int? {
        var s = s
        while true {
            if let result = try match(s, end + 1) { return result }
            guard s < subject.count, singleMatch(subject[s], p, end) else { return nil }
            s += 1
        }
    }

    private mutating func startCapture(_ s: Int, _ p: Int, position: Bool) throws(Failure) -> Int? {
        guard captures.count < Self.maximumCaptures else { throw .malformed("too many captures") }
        captures.append((s, position ? -2 : -1))
        if let result = try match(s, p) { return result }
        captures.removeLast()
        return nil
    }

    private mutating func endCapture(_ s: Int, _ p: Int) throws(Failure) -> Int? {
        guard let open = captures.lastIndex(where: { $0.length == -1 }) else { throw .malformed("invalid pattern capture") }
        captures[open].length = s - captures[open].start
        if let result = try match(s, p) { return result }
        captures[open].length = -1
        return nil
    }

    private func balance(_ s: Int, _ p: Int) throws(Failure) -> Int? {
        guard p + 1 < pattern.count else { throw .malformed("malformed pattern (missing arguments to '%b')") }
        guard s < subject.count, subject[s] == pattern[p] else { return nil }
        let open = pattern[p], close = pattern[p + 1]
        var level = 1
        var index = s + 1
        while index < subject.count {
            if subject[index] == close {
                level -= 1
                if level == 0 { return index + 1 }
            } else if subject[index] == open {
                level += 1
            }
            index += 1
        }
        return nil
    }

    private func backReference(_ s: Int, _ number: Int) throws(Failure) -> Int? {
        guard number >= 1, number <= captures.count, captures[number - 1].length != -1 else {
            throw .malformed("invalid capture index %\(number)")
        }
        let capture = captures[number - 1]
        let length = max(capture.length, 0)
        guard subject.count - s >= length, subject[s..<s + length].elementsEqual(subject[capture.start..<capture.start + length]) else {
            return nil
        }
        return s + length
    }

    /// The index just past the single-character class at `p`.
    private func classEnd(_ p: Int) throws(Failure) -> Int {
        var p = p
        let first = pattern[p]
        p += 1
        if first == Self.escape {
            guard p < pattern.count else { throw .malformed("malformed pattern (ends with '%')") }
            return p + 1
        }
        if first == UInt8(ascii: "[") {
            if p < pattern.count, pattern[p] == UInt8(ascii: "^") { p += 1 }
            repeat {
                guard p < pattern.count else { throw .malformed("malformed pattern (missing ']')") }
                let current = pattern[p]
                p += 1
                if current == Self.escape {
                    guard p < pattern.count else { throw .malformed("malformed pattern (missing ']')") }
                    p += 1
                }
            } while p >= pattern.count || pattern[p] != UInt8(ascii: "]")
            return p + 1
        }
        return p
    }

    private func singleMatch(_ byte: UInt8, _ p: Int, _ end: Int) -> Bool {
        switch pattern[p] {
        case UInt8(ascii: "."): return true
        case Self.escape: return Self.matchClass(byte, pattern[p + 1])
        case UInt8(ascii: "["): return matchSet(byte, p, end - 1)
        default: return pattern[p] == byte
        }
    }

    /// Whether `byte` is in the set `[...]` from `p` (at '[') to `end` (at ']').
    private func matchSet(_ byte: UInt8, _ p: Int, _ end: Int) -> Bool {
        var p = p + 1
        var negate = false
        if pattern[p] == UInt8(ascii: "^") {
            negate = true
            p += 1
        }
        while p < end {
            if pattern[p] == Self.escape {
                p += 1
                if Self.matchClass(byte, pattern[p]) { return !negate }
                p += 1
            } else if p + 2 < end, pattern[p + 1] == UInt8(ascii: "-") {
                if pattern[p] <= byte, byte <= pattern[p + 2] { return !negate }
                p += 3
            } else {
                if pattern[p] == byte { return !negate }
                p += 1
            }
        }
        return negate
    }

    static func matchClass(_ byte: UInt8, _ classByte: UInt8) -> Bool {
        let c = Int32(byte)
        let result: Bool
        switch classByte | 0x20 {
        case UInt8(ascii: "a"): result = isalpha(c) != 0
        case UInt8(ascii: "c"): result = iscntrl(c) != 0
        case UInt8(ascii: "d"): result = isdigit(c) != 0
        case UInt8(ascii: "g"): result = isgraph(c) != 0
        case UInt8(ascii: "l"): result = islower(c) != 0
        case UInt8(ascii: "p"): result = ispunct(c) != 0
        case UInt8(ascii: "s"): result = isspace(c) != 0
        case UInt8(ascii: "u"): result = isupper(c) != 0
        case UInt8(ascii: "w"): result = isalnum(c) != 0
        case UInt8(ascii: "x"): result = isxdigit(c) != 0
        case UInt8(ascii: "z"): result = c == 0  // deprecated in Lua 5.4, still matched
        default: return classByte == byte
        }
        // An upper-case class letter is the complement.
        return (classByte >= UInt8(ascii: "A") && classByte <= UInt8(ascii: "Z")) ? !result : result
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
