/// The capabilities a VM grants its scripts: `stdout`, `stdin`, `clock`,
/// `env`, `fs`, `process`, and any a host defines for its own functions.
///
/// A blob that names an ungranted capability of the standard library is
/// refused when it is loaded; a call of an ungranted host function raises a
/// Lua error.
public struct Permissions: Sendable, Hashable {
    /// The granted capabilities; nil for all of them.
    public let granted: Set<String>?

    /// Every capability, as for a command-line tool.
    public static let all = Permissions(granted: nil)
    /// No capability: pure computation only.
    public static let none = Permissions(granted: [])

    /// Exactly these capabilities.
    public static func only(_ capabilities: Set<String>) -> Permissions { Permissions(granted: capabilities) }

    public func allows(_ capability: String) -> Bool { granted?.contains(capability) ?? true }

    /// Those of `required` that are not granted, sorted.
    public func missing(_ required: [String]) -> [String] {
        guard let granted else { return [] }
        return required.filter { !granted.contains($0) }.sorted()
    }
}
