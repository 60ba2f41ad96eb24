/// A person and a moment, as git writes them in commits:
/// `Name <email> 1700000000 +0100`.
public struct Signature: Hashable, Sendable {
    public var name: String
    public var email: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    /// The author's offset from UTC, in minutes.
    public var timezoneMinutes: Int

    public init(name: String, email: String, time: Int64, timezoneMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.timezoneMinutes = timezoneMinutes
    }

    /// The signature as a commit header value.
    public var encoded: String {
        let sign = timezoneMinutes < 0 ? "-" : "+"
        let minutes = abs(timezoneMinutes)
        let zone = sign + String(format2: minutes / 60) + String(format2: minutes % 60)
        return "\(name) <\(email)> \(time) \(zone)"
    }

    /// Parses `Name <email> seconds +hhmm`.
    public init(parsing text: Substring) throws(FormatError) {
        guard let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">"),
              open > text.startIndex, text[text.index(before: open)] == " " else {
            throw .malformed("signature", "expected 'Name <email> time zone' in '\(text)'")
        }
        let rest = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: false)
        guard rest.count == 3, rest[0].isEmpty, let time = Int64(rest[1]), rest[2].count == 5,
              let sign = rest[2].first, sign == "+" || sign == "-",
              let hours = Int(rest[2].dropFirst().prefix(2)), let minutes = Int(rest[2].suffix(2)) else {
            throw .malformed("signature", "bad time or zone in '\(text)'")
        }
        self.init(
            name: String(text[..<text.index(before: open)]),
            email: String(text[text.index(after: open)..<close]),
            time: time,
            timezoneMinutes: (sign == "-" ? -1 : 1) * (hours * 60 + minutes))
    }

    /// Checks what `git fsck --strict` checks: no `<`, `>` or newline in the
    /// name, no `>` or newline in the email.
    public func validate() throws(FormatError) {
        if name.contains(where: { "<>\n".contains($0) }) { throw .invalidName(name, reason: "a name may not contain '<', '>' or a newline") }
        if email.contains(where: { ">\n".contains($0) }) { throw .invalidName(email, reason: "an email may not contain '>' or a newline") }
    }
}

extension String {
    fileprivate init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}

/// A git commit: a tree, its parents, author, committer, any other headers
/// (kept in order so that a parsed commit encodes to the same bytes), and a
/// message.
public struct Commit: Hashable, Sendable {
    public var tree: FunctionHash
    public var parents: [FunctionHash]
    public var author: Signature
    public var committer: Signature
    /// Headers other than tree, parent, author and committer, in order.
    public var extraHeaders: [Header]
    public var message: String

    /// A commit header other than the four that every commit has.
    public struct Header: Hashable, Sendable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(tree: FunctionHash, parents: [FunctionHash], author: Signature, committer: Signature,
                extraHeaders: [Header] = [], message: String) {
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.extraHeaders = extraHeaders
        self.message = message
    }

    /// The first line of the message.
    public var subject: String {
        String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// The commit's payload, byte for byte as git writes it.
    public func encoded() -> [UInt8] {
        var text = "tree \(tree.hex)\n"
        for parent in parents { text += "parent \(parent.hex)\n" }
        text += "author \(author.encoded)\n"
        text += "committer \(committer.encoded)\n"
        for header in extraHeaders {
            text += "\(header.key) \(header.value.replacingNewlines(with: "\n "))\n"
        }
        text += "\n" + message
        return Array(text.utf8)
    }

    /// The commit as a git object.
    public var object: GitObject { GitObject(kind: .commit, payload: encoded()) }

    /// Parses a commit payload: `tree`, then `parent`s, `author`,
    /// `committer`, other headers (with continuation lines), a blank line
    /// and the message.
    public init(decoding payload: [UInt8]) throws(FormatError) {
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw .malformed("commit", "not UTF-8")
        }
        // The headers end at the first blank line: found in the bytes, where
        // "\n\n" is two newlines whatever surrounds them.
        guard let blank = payload.indices.dropLast().first(where: { payload[$0] == 0x0A && payload[$0 + 1] == 0x0A }) else {
            throw .malformed("commit", "no blank line before the message")
        }
        let split = text.utf8.index(text.startIndex, offsetBy: blank)..<text.utf8.index(text.startIndex, offsetBy: blank + 2)
        var lines: [Substring] = []
        var lineStart = text.startIndex
        for index in text.utf8.indices[..<split.lowerBound] where text.utf8[index] == 0x0A {
            lines.append(text[lineStart..<index])
            lineStart = text.utf8.index(after: index)
        }
        lines.append(text[lineStart..<split.lowerBound])
        var headers: [(key: Substring, value: String)] = []
        for line in lines {
            if line.first == " ", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line.dropFirst()
                continue
            }
            guard let space = line.firstIndex(of: " ") else { throw .malformed("commit", "header line '\(line)'") }
            headers.append((line[..<space], String(line[line.index(after: space)...])))
        }
        var index = 0
        func take(_ key: String) -> String? {
            guard index < headers.count, headers[index].key == key else { return nil }
            defer { index += 1 }
            return headers[index].value
        }
        guard let treeText = take("tree"), let tree = FunctionHash(hex: treeText) else {
            throw .malformed("commit", "missing or bad 'tree' header")
        }
        var parents: [FunctionHash] = []
        while let parentText = take("parent") {
            guard let parent = FunctionHash(hex: parentText) else { throw .malformed("commit", "bad parent '\(parentText)'") }
            parents.append(parent)
        }
        guard let authorText = take("author") else { throw .malformed("commit", "missing 'author' header") }
        guard let committerText = take("committer") else { throw .malformed("commit", "missing 'committer' header") }
        let extra = headers[index...].map { Header(key: String($0.key), value: $0.value) }
        self.init(
            tree: tree, parents: parents,
            author: try Signature(parsing: Substring(authorText)),
            committer: try Signature(parsing: Substring(committerText)),
            extraHeaders: extra,
            message: String(text[split.upperBound...]))
    }
}

extension String {
    fileprivate func replacingNewlines(with replacement: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
