#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
