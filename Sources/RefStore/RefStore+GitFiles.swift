#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat
import CFileControl

/// A ref whose git ref file does not say what the database says.
public struct GitRefMismatch: Hashable, Sendable, CustomStringConvertible {
    public var ref: String
    /// What the file should hold, `nil` when it should not exist.
    public var expected: String?
    /// What the file holds, `nil` when it is missing.
    public var found: String?

    public var description: String {
        "git ref file \(ref): database says \(expected ?? "no ref"), file says \(found ?? "nothing")"
    }
}

extension RefStore {
    /// The lock that orders writers of git ref files, so that a slow writer
    /// cannot put back an older value: each writes what the database holds
    /// while it holds the lock.
    private var refFileLock: String { gitDirectory + "/blobrepo-refs.lock" }

    /// Writes the git ref files of `names` (and the refs they point to) from
    /// the database; removes the file of a ref that no longer exists.
    func writeGitRefFiles(_ names: [String]) throws(RefStoreError) {
        let fd = try lockRefFiles()
        defer { close(fd) }
        let refs = try read { db in try Self.refsByName(db) }
        try writeRefFiles(names, refs: refs)
    }

    /// Takes the lock that orders writers of git ref files; closing the
    /// descriptor returned releases it.
    func lockRefFiles() throws(RefStoreError) -> Int32 {
        let fd = open(refFileLock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .storage("cannot open \(refFileLock): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let code = errno
                close(fd)
                throw .storage("cannot lock \(refFileLock): \(String(cString: strerror(code)))")
            }
        }
        return fd
    }

    /// Every ref by name, as `db` sees them.
    static func refsByName(_ db: SQLiteConnection) throws -> [String: Ref] {
        try Dictionary(uniqueKeysWithValues: refs(db).map { ($0.name, $0) })
    }

    /// Writes the git ref files of `names` (and the refs they point to) as
    /// `refs` has them, holding the ref-file lock.
    func writeRefFiles(_ names: [String], refs: [String: Ref]) throws(RefStoreError) {
        var pending = names
        var done = Set<String>()
        while let name = pending.popLast() {
            guard done.insert(name).inserted else { continue }
            let file = gitDirectory + "/" + name
            do {
                if let ref = refs[name] {
                    // A file that already says it (HEAD, most times) is left alone.
                    let content = Self.fileContent(of: ref)
                    if FileSystemRefs.read(file) != content { try FileSystemRefs.replace(file, with: content) }
                    if let target = ref.symbolic { pending.append(target) }
                } else if name != RefName.head {
                    FileSystemRefs.remove(file, upTo: gitDirectory + "/refs")
                }
            } catch {
                throw .storage("cannot write git ref file \(file): \(error)")
            }
        }
    }

    /// Every ref whose git ref file disagrees with the database, and every
    /// ref file that has no ref in the database.
    public func gitRefMismatches() throws(RefStoreError) -> [GitRefMismatch] {
        let refs = try self.refs()
        var mismatches: [GitRefMismatch] = []
        for ref in refs {
            let expected = Self.fileContent(of: ref)
            let found = FileSystemRefs.read(gitDirectory + "/" + ref.name)
            if found != expected {
                mismatches.append(GitRefMismatch(ref: ref.name, expected: expected.trimmed, found: found?.trimmed))
            }
        }
        let known = Set(refs.map(\.name))
        for file in FileSystemRefs.files(under: gitDirectory, folder: "refs") where !known.contains(file) {
            mismatches.append(GitRefMismatch(ref: file, expected: nil, found: FileSystemRefs.read(gitDirectory + "/" + file)?.trimmed))
        }
        return mismatches
    }

    /// Rewrites the git ref file of every ref in the database.
    public func rewriteGitRefFiles() throws(RefStoreError) {
        try writeGitRefFiles(try refs().map(\.name))
    }

    static func fileContent(of ref: Ref) -> String {
        if let symbolic = ref.symbolic { return "ref: \(symbolic)\n" }
        return "\(ref.target!.hex)\n"
    }
}

extension String {
    fileprivate var trimmed: String { trimming(\.isNewline) }
}

/// `read(2)`, which the methods named `read` hide.
private func readFile(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Git ref files on disk.
enum FileSystemRefs {
    /// Writes `content` to `path.lock` and renames it over `path`, as git
    /// does. Callers hold the ref-file lock, so the `.lock` name is theirs;
    /// one left behind by a killed writer is overwritten by the next, and
    /// git's tools skip it.
    static func replace(_ path: String, with content: String) throws {
        let lock = path + ".lock"
        var fd = open(lock, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT {
            _ = makeFolders(parent(of: path))
            fd = open(lock, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw RefStoreError.storage("cannot create \(lock): \(String(cString: strerror(errno)))") }
        let bytes = Array(content.utf8)
        // With its block allocated before the write, ext4 does not flush the
        // file when it is renamed over the old one (its delayed allocation
        // would be): 0.3 ms of a commit. Where it fails, the write goes on.
        _ = blobrepo_reserve_space(fd, Int64(bytes.count))
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(lock, path) == 0 else {
            let code = errno
            unlink(lock)
            throw RefStoreError.storage("cannot write \(path): \(String(cString: strerror(code)))")
        }
    }

    /// A ref file's content; nil when it cannot be read. Ref files are a
    /// line long: more than 64 kB is read as the first 64 kB.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 256)
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count < 64 << 10 else { break }
                bytes += [UInt8](repeating: 0, count: bytes.count)
            }
            let got = bytes.withUnsafeMutableBytes { readFile(fd, $0.baseAddress! + count, $0.count - count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return nil }
            if got == 0 { break }
            count += got
        }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }

    /// Removes a ref file and the folders it leaves empty, up to `root`.
    static func remove(_ path: String, upTo root: String) {
        unlink(path)
        var folder = parent(of: path)
        while folder.count > root.count, folder.hasPrefix(root + "/"), rmdir(folder) == 0 {
            folder = parent(of: folder)
        }
    }

    /// The folder that holds `path` ("/" for a name at the root, "." for a
    /// bare name).
    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The ref names of the files under `gitDirectory/folder`.
    static func files(under gitDirectory: String, folder: String) -> [String] {
        var names: [String] = []
        collect(gitDirectory + "/" + folder, name: folder, into: &names)
        return names.sorted()
    }

    /// Adds `name` + "/" + each regular file's path below `path` that is
    /// not a `.lock` file; symbolic links are not followed.
    private static func collect(_ path: String, name: String, into names: inout [String]) {
        for (child, type) in directoryEntries(path) ?? [] {
            var kind = type
            if kind == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(path + "/" + child, &info) == 0 else { continue }
                kind = info.st_mode & S_IFMT == S_IFDIR ? UInt8(DT_DIR) : info.st_mode & S_IFMT == S_IFREG ? UInt8(DT_REG) : 0
            }
            if kind == UInt8(DT_DIR) {
                collect(path + "/" + child, name: name + "/" + child, into: &names)
            } else if kind == UInt8(DT_REG), !child.hasSuffix(".lock") {
                names.append(name + "/" + child)
            }
        }
    }
}
