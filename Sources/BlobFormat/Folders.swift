#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The two folder operations every layer above needs the same way, on plain
// system calls: listing one and making one with its parents.

/// The entries of the directory at `path` as `readdir` gives them, without
/// `.` and `..`: each name and its type (`DT_DIR`, `DT_REG`, `DT_LNK`, or
/// `DT_UNKNOWN` where the file system does not say). Nil when the directory
/// cannot be opened; `errno` says why.
public func directoryEntries(_ path: String) -> [(name: String, type: UInt8)]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    var entries: [(name: String, type: UInt8)] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != ".", name != ".." { entries.append((name, entry.pointee.d_type)) }
    }
    return entries
}

/// Creates the folder at `path` and any missing folders above it; one that
/// exists is fine. Returns 0, or the `errno` of the `mkdir` that failed.
public func makeFolders(_ path: String) -> Int32 {
    if mkdir(path, 0o755) == 0 { return 0 }
    let code = errno
    if code == EEXIST { return 0 }
    if code == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex {
        let parent = makeFolders(String(path[..<slash]))
        guard parent == 0 else { return parent }
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return 0 }
    }
    return code
}
