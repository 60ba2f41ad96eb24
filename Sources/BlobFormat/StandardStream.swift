#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
