/// A Lua error on its way to the nearest `pcall` (or out of the VM): the
/// error value, and where it was raised.
public struct LuaError: Error, CustomStringConvertible {
    /// The value given to `error`, or the message of a run-time error.
    public let value: Value
    /// The text of the value, computed when the error was raised (while the
    /// value was surely alive).
    public let message: String

    init(value: Value, message: String) {
        self.value = value
        self.message = message
    }

    public var description: String { message }
}
