#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ObjectStore

/// The lock that keeps gc from sweeping while a writer is between writing
/// its objects and moving the ref: writers hold it shared, gc exclusive.
/// Together with the prune grace period this makes gc safe to run at any
/// time, even with `--prune=now`.
struct RepositoryLock {
    enum Mode {
        case shared, exclusive
        var flag: Int32 { self == .shared ? LOCK_SH : LOCK_EX }
    }

    /// Runs `body` while holding the lock of `gitDirectory` in `mode`.
    static func holding<T>(_ mode: Mode, in gitDirectory: String, _ body: () throws(RepositoryError) -> T) throws(RepositoryError) -> T {
        let path = gitDirectory + "/blobrepo-gc.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .objects(.io(path: path, operation: "open", errno: errno)) }
        defer { close(fd) }
        while flock(fd, mode.flag) != 0 {
            guard errno == EINTR else { throw .objects(.io(path: path, operation: "flock", errno: errno)) }
        }
        return try body()
    }
}
