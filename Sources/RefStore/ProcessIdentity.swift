#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process as pins record it: its id and its start time, so that a
/// recycled process id is not mistaken for the process that pinned.
public struct ProcessIdentity: Hashable, Sendable {
    public var pid: Int32
    /// Clock ticks since boot at which the process started (field 22 of
    /// `/proc/PID/stat`); 0 where that is unknown.
    public var startTime: Int64

    public init(pid: Int32, startTime: Int64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// This process.
    public static var current: ProcessIdentity {
        let pid = getpid()
        return ProcessIdentity(pid: pid, startTime: startTime(of: pid) ?? 0)
    }

    /// Whether the process is still running (and is the same process).
    public var isAlive: Bool {
        if kill(pid, 0) != 0, errno == ESRCH { return false }
        guard let now = Self.startTime(of: pid) else { return false }
        return startTime == 0 || now == startTime
    }

    static func startTime(of pid: Int32) -> Int64? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        // The command name (field 2) is in parentheses and may hold spaces.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); field 22 is fields[19].
        guard fields.count > 19 else { return nil }
        return Int64(fields[19])
    }
}
