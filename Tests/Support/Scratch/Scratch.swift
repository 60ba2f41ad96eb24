import Foundation

/// Folders and files for tests, all below one folder of this test process
/// (`$TMPDIR/blobrepo-tests-PID`), which is removed when the process exits:
/// a run leaves nothing behind in the temporary folder.
public enum Scratch {
    /// A new path below the process's folder, named `prefix-UUID` plus
    /// `suffix`; nothing is created there.
    public static func path(_ prefix: String, suffix: String = "") -> String {
        root + "/" + prefix + "-" + UUID().uuidString + suffix
    }

    /// A new, empty folder below the process's folder.
    public static func directory(_ prefix: String) -> String {
        let folder = path(prefix)
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// This process's folder, made at first use and removed at exit.
private let root: String = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blobrepo-tests-\(getpid())").path
    try? FileManager.default.removeItem(atPath: folder)
    try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    atexit { removeRoot() }
    return folder
}()

private func removeRoot() {
    // Files a test made read-only (objects are) must not stop the removal.
    _ = try? FileManager.default.removeItem(atPath: root)
}
