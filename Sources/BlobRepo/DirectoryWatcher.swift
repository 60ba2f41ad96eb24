#if canImport(Glibc)
import BlobFormat
import Glibc

/// Watches a directory tree with inotify: `wait` returns when something in
/// it was written, created, moved or deleted (new subdirectories are
/// watched as they appear), or when the timeout passes.
public final class DirectoryWatcher {
    private let descriptor: Int32
    private var directories: [Int32: String] = [:]
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF)

    /// Watches `root` and every directory below it.
    public init(root: String) throws(RepositoryError) {
        descriptor = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard descriptor >= 0 else { throw .invalidArgument("cannot watch \(root): inotify: \(String(cString: strerror(errno)))") }
        try add(root)
    }

    deinit { close(descriptor) }

    private func add(_ directory: String) throws(RepositoryError) {
        let watch = inotify_add_watch(descriptor, directory, Self.mask)
        guard watch >= 0 else { throw .invalidArgument("cannot watch \(directory): \(String(cString: strerror(errno)))") }
        directories[watch] = directory
        for (name, type) in directoryEntries(directory) ?? [] where !name.hasPrefix(".") && type == UInt8(DT_DIR) {
            try add(directory + "/" + name)
        }
    }

    /// Waits up to `milliseconds` (forever when negative) for changes.
    /// Returns whether any happened; events that follow within `settle`
    /// milliseconds are taken as part of the same change. An interrupting
    /// signal ends the wait early, with false.
    public func wait(milliseconds: Int, settle: Int = 10) -> Bool {
        guard waitReadable(milliseconds) else { return false }
        var changed = drain()
        while waitReadable(settle) { changed = drain() || changed }
        return changed
    }

    private func waitReadable(_ milliseconds: Int) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, Int32(clamping: milliseconds)) > 0
    }

    /// Reads the pending events; watches directories that appeared.
    private func drain() -> Bool {
        var changed = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return changed }
            var offset = 0
            while offset < count {
                let (watch, mask, length, name) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int, String) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let start = offset + MemoryLayout<inotify_event>.size
                    let bytes = raw[start..<(start + Int(event.len))].prefix { $0 != 0 }
                    return (event.wd, event.mask, Int(event.len), String(decoding: bytes, as: UTF8.self))
                }
                offset += MemoryLayout<inotify_event>.size + length
                if name.hasPrefix(".") { continue }
                changed = true
                if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, let parent = directories[watch] {
                    try? add(parent + "/" + name)
                }
            }
        }
    }
}
#endif
