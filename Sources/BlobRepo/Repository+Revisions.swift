import BlobFormat
import RefStore

extension Repository {
    /// The commit that `revision` names. Accepted forms, as in git:
    /// `HEAD` (or `@`), a branch or tag name, a full ref (`refs/tags/v1`),
    /// a full or abbreviated (4+ digits) commit hash, each followed by any
    /// number of `~N` (N-th first-parent ancestor), `^` or `^N` (N-th parent).
    public func resolve(_ revision: String) throws(RepositoryError) -> FunctionHash {
        let (base, steps) = try Self.split(revision)
        var hash = try resolveBase(base, whole: revision)
        for step in steps {
            let commit = try commit(hash)
            switch step {
            case let .ancestor(count):
                for _ in 0..<count {
                    guard let parent = try self.commit(hash).parents.first else { throw .unknownRevision(revision) }
                    hash = parent
                }
            case let .parent(index):
                if index == 0 { continue }
                guard index <= commit.parents.count else { throw .unknownRevision(revision) }
                hash = commit.parents[index - 1]
            }
        }
        return hash
    }

    /// The commit `HEAD` points at; throws ``RepositoryError/noCommits`` on
    /// an empty repository.
    public func head() throws(RepositoryError) -> FunctionHash {
        guard let hash = try wrapping({ try refs.resolve(RefName.head) }) else { throw .noCommits }
        return hash
    }

    private enum Step { case ancestor(Int), parent(Int) }

    private static func split(_ revision: String) throws(RepositoryError) -> (String, [Step]) {
        guard let operatorIndex = revision.firstIndex(where: { $0 == "~" || $0 == "^" }) else { return (revision, []) }
        var steps: [Step] = []
        var rest = Substring(revision[operatorIndex...])
        while let symbol = rest.first {
            rest = rest.dropFirst()
            let digits = rest.prefix { $0.isNumber }
            rest = rest.dropFirst(digits.count)
            guard digits.isEmpty || Int(digits) != nil else { throw .unknownRevision(revision) }
            let number = Int(digits) ?? 1
            switch symbol {
            case "~": steps.append(.ancestor(number))
            case "^": steps.append(.parent(number))
            default: throw .unknownRevision(revision)
            }
        }
        return (String(revision[..<operatorIndex]), steps)
    }

    private func resolveBase(_ base: String, whole: String) throws(RepositoryError) -> FunctionHash {
        let name = base == "@" || base.isEmpty ? RefName.head : base
        for candidate in [name, "refs/" + name, RefName.tag(name), RefName.branch(name)] {
            guard (try? RefName.validate(candidate)) != nil else { continue }
            if let hash = try wrapping({ try refs.resolve(candidate) }) { return hash }
            if candidate == RefName.head { throw .noCommits }
        }
        let candidates = try matches(hashPrefix: name)
        let commits = candidates.filter { (try? object($0).kind) == .commit }
        if commits.count == 1 { return commits[0] }
        if commits.count > 1 { throw .ambiguous(prefix: name, candidates: commits) }
        if candidates.count == 1 { throw .wrongKind(candidates[0], expected: "commit", found: (try? object(candidates[0]).kind.rawValue) ?? "corrupt object") }
        throw .unknownRevision(whole)
    }
}
