#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFileControl

/// A new object's file before it has its final name: either a named
/// temporary file in the object's fan-out folder (`tmp_obj_…`, renamed
/// into place), or, on Linux, a file made without a name (`O_TMPFILE`) and
/// linked into place. An unnamed file has no folder entry until it is
/// linked, so syncing it writes no folder block, and a crash before the
/// link leaves nothing behind for gc to remove; it stays open until then.
struct TemporaryFile {
    static let prefix = "tmp_obj_"

    /// Open until named, for an unnamed file; a named one's may be closed
    /// before (its path is enough to name it).
    let fd: Int32
    /// The temporary name, or nil for an unnamed file.
    let path: String?

    /// Whether unnamed files can be linked here: the link goes through
    /// `/proc/self/fd` (a link by descriptor alone needs a privilege).
    static let unnamedFilesWork: Bool = {
        #if os(Linux)
        access("/proc/self/fd", X_OK) == 0
        #else
        false
        #endif
    }()

    /// A new file in `folder`, read-only once named (as git leaves its
    /// objects), open for writing: unnamed when `unnamed` and the file
    /// system makes such files, else named.
    init(in folder: String, unnamed: Bool) throws(ObjectStoreError) {
        if unnamed {
            let fd = blobrepo_open_unnamed(folder, 0o444)
            if fd >= 0 {
                (self.fd, path) = (fd, nil)
                return
            }
            // No such files on this system or file system: a named one.
            guard errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL else {
                throw .io(path: folder, operation: "create", errno: errno)
            }
        }
        (path, fd) = try FileSystem.createTemporary(in: folder, prefix: Self.prefix, mode: 0o444)
    }

    /// Gives the synced file its final name, `final`, replacing a file
    /// stored there, and closes an unnamed file. The new name is durable
    /// only once its folder is synced. When it throws, an unnamed file is
    /// still open (``discard(isOpen:)`` closes it).
    func name(_ final: String) throws(ObjectStoreError) {
        guard path == nil else { return try move(path!, to: final) }
        if blobrepo_link_unnamed(fd, final) != 0 {
            guard errno == EEXIST else { throw .io(path: final, operation: "link", errno: errno) }
            // A link never replaces: through a name of its own, renamed over.
            let folder = String(final[..<(final.lastIndex(of: "/") ?? final.startIndex)])
            var attempts = 0
            while true {
                let temporary = folder + "/" + Self.prefix + FileSystem.randomSuffix()
                if blobrepo_link_unnamed(fd, temporary) == 0 {
                    try move(temporary, to: final)
                    break
                }
                attempts += 1
                guard errno == EEXIST, attempts < 100 else { throw .io(path: temporary, operation: "link", errno: errno) }
            }
        }
        close(fd)
    }

    /// Renames `temporary` to `final`; removes it when that fails.
    private func move(_ temporary: String, to final: String) throws(ObjectStoreError) {
        guard rename(temporary, final) == 0 else {
            let code = errno
            unlink(temporary)
            throw .io(path: final, operation: "rename", errno: code)
        }
    }

    /// Drops the file: an unnamed one is closed (and is gone), a named one
    /// is removed, and closed too when `isOpen`.
    func discard(isOpen: Bool) {
        if isOpen || path == nil { close(fd) }
        if let path { unlink(path) }
    }
}
