/// Ref names, checked as `git check-ref-format` checks them.
public enum RefName {
    public static let head = "HEAD"
    public static let branchPrefix = "refs/heads/"
    public static let tagPrefix = "refs/tags/"
    public static let defaultBranch = "refs/heads/main"

    /// Throws unless `name` is `HEAD` or a well-formed name under `refs/`.
    public static func validate(_ name: String) throws(RefStoreError) {
        if name == head { return }
        guard name.hasPrefix("refs/") else { throw .invalidRefName(name, reason: "must be HEAD or start with refs/") }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { throw .invalidRefName(name, reason: "empty component") }
            if component.hasPrefix(".") { throw .invalidRefName(name, reason: "a component starts with '.'") }
            if component.hasSuffix(".lock") { throw .invalidRefName(name, reason: "a component ends with '.lock'") }
        }
        if name.contains("..") { throw .invalidRefName(name, reason: "contains '..'") }
        if name.contains("@{") { throw .invalidRefName(name, reason: "contains '@{'") }
        if name.hasSuffix(".") { throw .invalidRefName(name, reason: "ends with '.'") }
        for scalar in name.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F || " ~^:?*[\\".unicodeScalars.contains(scalar) {
            throw .invalidRefName(name, reason: "contains '\(scalar.escaped(asASCII: true))'")
        }
    }

    /// `refs/heads/NAME` for a branch name.
    public static func branch(_ name: String) -> String { branchPrefix + name }

    /// `refs/tags/NAME` for a tag name.
    public static func tag(_ name: String) -> String { tagPrefix + name }

    /// The short name git prints: `main` for `refs/heads/main`.
    public static func short(_ name: String) -> String {
        for prefix in [branchPrefix, tagPrefix] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}
