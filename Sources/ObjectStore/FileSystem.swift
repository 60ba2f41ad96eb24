#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat

/// The few POSIX calls the store needs, with errors that name the path.
/// Plain system calls: Foundation's file APIs cost more per object than a
/// store of many small files can afford.
public enum FileSystem {
    /// Creates `path` and any missing parents; an existing directory is fine.
    public static func makeDirectory(_ path: String) throws(ObjectStoreError) {
        let code = makeFolders(path)
        guard code == 0 else { throw .io(path: path, operation: "mkdir", errno: code) }
    }

    /// A file mapped read-only into memory: its pages are read when touched.
    /// An empty file maps to an empty region.
    public static func mapFile(_ path: String) throws(ObjectStoreError) -> ByteRegion {
        let (fd, size) = try openForReading(path)
        defer { close(fd) }
        return try map(fd, size: size, path: path)
    }

    /// Opens `path` for reading: its descriptor, which the caller closes,
    /// and its size.
    private static func openForReading(_ path: String) throws(ObjectStoreError) -> (fd: Int32, size: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw .io(path: path, operation: "stat", errno: code)
        }
        return (fd, Int(info.st_size))
    }

    /// `populate`: every page mapped at once, for a file read whole.
    private static func map(_ fd: Int32, size: Int, path: String, populate: Bool = false) throws(ObjectStoreError) -> ByteRegion {
        guard size > 0 else { return ByteRegion([]) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0),
              address != MAP_FAILED else {
            throw .io(path: path, operation: "mmap", errno: errno)
        }
        return ByteRegion(bytes: UnsafeRawBufferPointer(start: address, count: size)) { munmap(address, size) }
    }

    /// A file's content as a region: files of 64 kB and more are mapped
    /// (their pages come from the page cache instead of being copied into
    /// fresh memory), smaller ones read and copied in. For files that are
    /// written once and never changed in place, such as objects.
    public static func contents(_ path: String) throws(ObjectStoreError) -> ByteRegion {
        let (fd, size) = try openForReading(path)
        defer { close(fd) }
        if size >= 64 << 10 { return try map(fd, size: size, path: path, populate: true) }
        return ByteRegion(try readAll(fd, size: size, path: path))
    }

    /// The whole content of a file.
    public static func readFile(_ path: String) throws(ObjectStoreError) -> [UInt8] {
        let (fd, size) = try openForReading(path)
        defer { close(fd) }
        return try readAll(fd, size: size, path: path)
    }

    /// Everything left to read from `fd`, whose file was `size` bytes when
    /// it was opened (and may have grown since).
    private static func readAll(_ fd: Int32, size: Int, path: String) throws(ObjectStoreError) -> [UInt8] {
        // Room for one byte more than the size: filling it means the file grew.
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let got = read(fd, buffer.baseAddress! + count, buffer.count - count)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                count += got
            }
        }
        if failure == 0, bytes.count > size {
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while failure == 0 {
                let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if got < 0 {
                    if errno != EINTR { failure = errno }
                } else if got == 0 {
                    break
                } else {
                    bytes += chunk[..<got]
                }
            }
        }
        guard failure == 0 else { throw .io(path: path, operation: "read", errno: failure) }
        return bytes
    }

    /// Six random letters and digits for a temporary file's name, from one
    /// draw (62^6 < 2^36): one system call, not six.
    static func randomSuffix() -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var bits = UInt64.random(in: .min ... .max)
        let suffix = (0..<6).map { _ in
            defer { bits /= UInt64(letters.count) }
            return letters[Int(bits % UInt64(letters.count))]
        }
        return String(decoding: suffix, as: UTF8.self)
    }

    /// A new, empty file named `prefix` plus a unique suffix in `folder`,
    /// open for writing: its path and descriptor, which the caller closes.
    /// Its permissions are `mode` (less the umask) from the start: a file
    /// made read-only (git's objects are) is still open for writing.
    static func createTemporary(in folder: String, prefix: String, mode: mode_t = 0o600) throws(ObjectStoreError)
        -> (path: String, fd: Int32) {
        var attempts = 0
        while true {
            let path = folder + "/" + prefix + randomSuffix()
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if fd >= 0 { return (path, fd) }
            attempts += 1
            guard errno == EEXIST, attempts < 100 else { throw .io(path: path, operation: "create", errno: errno) }
        }
    }

    /// Replaces `path` with `bytes` atomically: a temporary file in the same
    /// folder, flushed (unless not `durable`: derived data that a reader
    /// checks and can rebuild), then renamed over it.
    public static func replaceFile(_ path: String, with bytes: [UInt8], durable: Bool = true) throws(ObjectStoreError) {
        try replaceFile(path, durable: durable) { (fd, temporary) throws(ObjectStoreError) in try writeAll(fd, bytes, path: temporary) }
    }

    /// ``replaceFile(_:with:durable:)`` with `bytes` (memory the caller
    /// keeps valid, such as a mapped file) changed at each patch's offset:
    /// a copy of a large file that differs in a few places, made without
    /// copying it into fresh memory first.
    public static func replaceFile(_ path: String, with bytes: UnsafeRawBufferPointer, patches: [(offset: Int, bytes: [UInt8])],
                                   durable: Bool = true) throws(ObjectStoreError) {
        try replaceFile(path, durable: durable) { (fd, temporary) throws(ObjectStoreError) in
            try writeAll(fd, bytes, path: temporary)
            for patch in patches {
                let written = patch.bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(patch.offset)) }
                guard written == patch.bytes.count else { throw .io(path: temporary, operation: "write", errno: written < 0 ? errno : EIO) }
            }
        }
    }

    private static func replaceFile(_ path: String, durable: Bool,
                                    _ write: (Int32, String) throws(ObjectStoreError) -> Void) throws(ObjectStoreError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        try makeDirectory(folder)
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let (temporary, fd) = try createTemporary(in: folder, prefix: name + ".tmp", mode: 0o644)
        do throws(ObjectStoreError) {
            try write(fd, temporary)
            guard !durable || fsync(fd) == 0 else { throw ObjectStoreError.io(path: temporary, operation: "fsync", errno: errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .io(path: path, operation: "rename", errno: code)
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(ObjectStoreError) {
        var failure: ObjectStoreError?
        bytes.withUnsafeBytes { buffer in
            do throws(ObjectStoreError) { try writeAll(fd, buffer, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes all of `bytes` to `fd`, however many calls it takes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(ObjectStoreError) {
        var done = 0
        while done < bytes.count {
            let count = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", errno: errno)
            }
            done += count
        }
    }

    /// Whether ``syncFileSystem(containing:)`` is available (Linux's
    /// `syncfs`); elsewhere each file is synced on its own.
    public static let canSyncFileSystem: Bool = {
        #if canImport(Glibc)
        true
        #else
        false
        #endif
    }()

    /// Flushes every dirty file and directory of the file system that holds
    /// `path` (`syncfs`, one call for any number of files). Linux only: see
    /// ``canSyncFileSystem``.
    public static func syncFileSystem(containing path: String) throws(ObjectStoreError) {
        #if canImport(Glibc)
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        guard linuxSyncfs(fd) == 0 else { throw .io(path: path, operation: "syncfs", errno: errno) }
        #else
        throw .io(path: path, operation: "syncfs", errno: ENOSYS)
        #endif
    }

    /// The names in a directory, without `.` and `..`.
    public static func list(_ path: String) throws(ObjectStoreError) -> [String] {
        guard let entries = directoryEntries(path) else { throw .io(path: path, operation: "opendir", errno: errno) }
        return entries.map(\.name)
    }

    /// Whether anything exists at `path` (a symbolic link is followed).
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The process's current directory; "/" when it cannot be named.
    public static var currentDirectory: String {
        guard let name = getcwd(nil, 0) else { return "/" }
        defer { free(name) }
        return String(cString: name)
    }

    /// `path` made absolute against `base` (the current directory when
    /// nil), with empty and `.` components dropped and each `..` taking off
    /// the component before it, by name alone: symbolic links are not
    /// followed, as a URL is standardized. No trailing slash but for "/".
    /// It works on the path's bytes: splitting the string by characters
    /// cost a commit 0.2 M instructions of grapheme breaking.
    public static func absolutePath(_ path: String, from base: String? = nil) -> String {
        let full = path.utf8.first == UInt8(ascii: "/") ? path : (base ?? currentDirectory) + "/" + path
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var absolute: [UInt8] = []
        absolute.reserveCapacity(full.utf8.count)
        // Where each component kept so far starts (at its slash).
        var starts: [Int] = []
        for component in full.utf8.split(separator: slash) {
            if component.count == 1, component.first == dot { continue }
            if component.count == 2, component.allSatisfy({ $0 == dot }) {
                if let start = starts.popLast() { absolute.removeSubrange(start...) }
                continue
            }
            starts.append(absolute.count)
            absolute.append(slash)
            absolute.append(contentsOf: component)
        }
        return absolute.isEmpty ? "/" : String(decoding: absolute, as: UTF8.self)
    }

    /// A file's size and modification time (seconds since the epoch), or
    /// `nil` when it does not exist.
    public static func status(_ path: String) -> (size: Int, modified: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int(info.st_size), Int64(info.st_mtim.tv_sec))
    }
}

#if canImport(Glibc)
/// `syncfs(2)`, which Glibc's module map leaves out (it needs `_GNU_SOURCE`).
@_silgen_name("syncfs")
private func linuxSyncfs(_ fd: Int32) -> Int32
#endif
