#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutual-exclusion lock over a pthread mutex, for state that a host's
/// threads share.
public final class Lock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    public init() {
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` holding the lock.
    public func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// Text as C's `printf` formats `arguments` by `format` (one conversion
/// per argument, as `%.14g`, `%a` or `%5.2f`).
public func cFormatted(_ format: String, _ arguments: any CVarArg...) -> String {
    withVaList(arguments) { list in
        var buffer = [CChar](repeating: 0, count: 128)
        // vsnprintf consumes the list: a second pass needs one of its own.
        let needed = Int(vsnprintf(&buffer, buffer.count, format, list))
        guard needed >= buffer.count else { return String(decoding: buffer.prefix(max(needed, 0)).map(UInt8.init(bitPattern:)), as: UTF8.self) }
        return withVaList(arguments) { again in
            var large = [CChar](repeating: 0, count: needed + 1)
            _ = vsnprintf(&large, large.count, format, again)
            return String(decoding: large.prefix(needed).map(UInt8.init(bitPattern:)), as: UTF8.self)
        }
    }
}

/// Standard output and standard error, written with `write(2)`.
public enum StandardStream {
    /// Writes all of `bytes` to standard output; what cannot be written
    /// (a closed pipe) is dropped.
    public static func output(_ bytes: [UInt8]) { write(STDOUT_FILENO, bytes) }

    /// Writes all of `bytes` to standard error.
    public static func error(_ bytes: [UInt8]) { write(STDERR_FILENO, bytes) }

    /// ``error(_:)`` of a string's UTF-8.
    public static func error(_ text: String) { error(Array(text.utf8)) }

    private static func write(_ descriptor: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                let written = Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}

extension StringProtocol {
    /// The text without the leading and trailing characters `drop` picks:
    /// `line.trimming(\.isWhitespace)`.
    public func trimming(_ drop: (Character) -> Bool) -> String {
        String(self.drop(while: drop).reversed().drop(while: drop).reversed())
    }
}
