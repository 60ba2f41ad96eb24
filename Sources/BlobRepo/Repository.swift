@_exported import BlobFormat
@_exported import LuaVM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat
import ObjectStore
import RefStore

/// A blobrepo repository: a `.blobrepo` directory that is at once a bare git
/// repository in the SHA-256 object format and the home of the ref database.
///
/// ```swift
/// let repository = try Repository.discover()        // like git, upward from "."
/// let result = try repository.commit(scriptSet, message: "Tune the spawn rate")
/// for event in try repository.log(function: "spawn") { print(event.newHash!) }
/// ```
public final class Repository: Sendable {
    /// The name of the repository directory.
    public static let directoryName = ".blobrepo"
    /// The ref that commits move: what `HEAD` points at.
    public static let headRef = RefName.head

    /// The `.blobrepo` directory.
    public let gitDirectory: String
    /// The loose objects.
    public let objects: ObjectStore
    /// Refs, ReloadEvents and pins.
    public let refs: RefStore
    /// Settings from `.blobrepo/config`.
    public let config: GitConfig
    /// Snapshots read lately, by root tree: a commit reads its parent's twice.
    let snapshotMemo = SnapshotMemo()
    /// The source cache as this process last read or wrote it, so that a
    /// long-lived process (`watch`) does not read it back for every commit.
    let sourceCacheMemo = SourceCacheMemo()
    /// Load indexes that commits left for ``writePendingLoadIndexes()``.
    let pendingLoadIndexes = PendingLoadIndexes()

    /// Whether commits leave their snapshot's load index for
    /// ``writePendingLoadIndexes()`` instead of writing it before they
    /// return: for a caller with something more urgent to do first (`watch`
    /// answers with the new code, then indexes). Off by default.
    public var defersLoadIndexes: Bool {
        get { pendingLoadIndexes.deferring }
        set { pendingLoadIndexes.deferring = newValue }
    }

    private init(gitDirectory: String, create: Bool) throws(RepositoryError) {
        self.gitDirectory = gitDirectory
        objects = try wrapping { try ObjectStore(directory: gitDirectory + "/objects") }
        refs = try wrapping { try RefStore(path: gitDirectory + "/blobrepo.sqlite", gitDirectory: gitDirectory, create: create) }
        config = GitConfig(path: gitDirectory + "/config")
    }

    /// Creates a repository in `path/.blobrepo` (creating `path` if needed)
    /// with `HEAD` pointing at the unborn branch `main`.
    @discardableResult
    public static func initialize(at path: String) throws(RepositoryError) -> Repository {
        let gitDirectory = FileSystem.absolutePath(path) + "/" + directoryName
        if FileSystem.exists(gitDirectory + "/blobrepo.sqlite") {
            throw .alreadyExists(gitDirectory)
        }
        try wrapping {
            for folder in ["objects/info", "objects/pack", "refs/heads", "refs/tags"] {
                try FileSystem.makeDirectory(gitDirectory + "/" + folder)
            }
            try FileSystem.replaceFile(gitDirectory + "/config", with: Array(GitConfig.initialContent.utf8))
            try FileSystem.replaceFile(gitDirectory + "/description", with: Array("blobrepo: compiled script functions\n".utf8))
        }
        let repository = try Repository(gitDirectory: gitDirectory, create: true)
        try wrapping { try repository.refs.setSymbolic(RefName.head, to: RefName.defaultBranch) }
        return repository
    }

    /// Opens the repository at `path`: either a `.blobrepo` directory or a
    /// folder that holds one.
    public static func open(at path: String) throws(RepositoryError) -> Repository {
        let full = FileSystem.absolutePath(path)
        for candidate in [full + "/" + directoryName, full] where isRepository(candidate) {
            return try Repository(gitDirectory: candidate, create: false)
        }
        throw .notARepository(full)
    }

    /// Opens the repository in `directory` or the nearest folder above it
    /// that holds a `.blobrepo`, as git finds `.git`.
    public static func discover(from directory: String = FileSystem.currentDirectory) throws(RepositoryError) -> Repository {
        if let explicit = getenv("BLOBREPO_DIR").map({ String(cString: $0) }), !explicit.isEmpty {
            return try open(at: explicit)
        }
        let start = FileSystem.absolutePath(directory)
        var folder = start
        while true {
            let candidate = (folder == "/" ? "" : folder) + "/" + directoryName
            if isRepository(candidate) { return try Repository(gitDirectory: candidate, create: false) }
            guard folder != "/", let slash = folder.lastIndex(of: "/") else { throw .notARepository(start) }
            folder = slash == folder.startIndex ? "/" : String(folder[..<slash])
        }
    }

    private static func isRepository(_ path: String) -> Bool {
        FileSystem.exists(path + "/blobrepo.sqlite") && FileSystem.exists(path + "/objects")
    }
}

extension Repository {
    /// The short name git prints for a ref: `main` for `refs/heads/main`.
    public static func shortName(ofRef ref: String) -> String { RefName.short(ref) }
}
