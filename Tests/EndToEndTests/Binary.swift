import BlobRepo
import Foundation
import TestScratch

/// The built executables, run as real child processes.
enum Binary {
    /// The folder that holds the built products (next to the test bundle).
    static let products: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: folder.appendingPathComponent("blobrepo").path) {
            folder = folder.deletingLastPathComponent()
        }
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("blobrepo").path) { return folder }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Standard output as bytes, for output that need not be UTF-8.
        var output: Data
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Runs `blobrepo ARGUMENTS` in `directory` and waits.
    @discardableResult
    static func blobrepo(_ arguments: [String], in directory: String, input: String? = nil) throws -> Result {
        try run(products.appendingPathComponent("blobrepo"), arguments, in: directory, input: input)
    }

    /// Runs `blobrepo-synth ARGUMENTS` and waits.
    @discardableResult
    static func synth(_ arguments: [String], in directory: String) throws -> Result {
        try run(products.appendingPathComponent("blobrepo-synth"), arguments, in: directory)
    }

    /// Runs git on the repository in `directory`.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) throws -> Result {
        try run(URL(fileURLWithPath: "/usr/bin/git"), ["--git-dir=.blobrepo"] + arguments, in: directory)
    }

    static func run(_ executable: URL, _ arguments: [String], in directory: String, input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes while the child runs so that neither can fill up.
        nonisolated(unsafe) var errorData = Data()
        let reader = Thread { errorData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errorData, as: UTF8.self), output: outData)
    }

    /// Starts `blobrepo-synth` without waiting; its output goes to `output`.
    static func startSynth(_ arguments: [String], in directory: String, output: URL) throws -> Process {
        try start("blobrepo-synth", arguments, in: directory, output: output)
    }

    /// Starts a built executable without waiting; its standard output goes
    /// to `output`, its standard error to `errors` (or nowhere).
    static func start(_ name: String, _ arguments: [String], in directory: String, output: URL, errors: URL? = nil) throws -> Process {
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: output.path])
        }
        let process = Process()
        process.executableURL = products.appendingPathComponent(name)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = try FileHandle(forWritingTo: output)
        if let errors {
            guard FileManager.default.createFile(atPath: errors.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errors.path])
            }
            process.standardError = try FileHandle(forWritingTo: errors)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Waits up to `seconds` for the file at `url` to satisfy `condition`.
    static func waitFor(_ url: URL, seconds: Double = 20, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition((try? String(contentsOf: url, encoding: .utf8)) ?? "") { return true }
            usleep(20_000)
        }
        return false
    }
}

func temporaryDirectory() -> String {
    Scratch.directory("e2e")
}

/// Everything that a failed command must leave as it was.
struct RepositoryState: Equatable {
    var objects: [FunctionHash]
    var refs: [String]
    var events: Int
    var refLog: Int
    var files: [String: Data]

    init(_ directory: String) throws {
        let repo = try Repository.open(at: directory)
        objects = try repo.objects.enumerate().map(\.hash).sorted()
        refs = try repo.refs.refs().map { "\($0.name) \($0.target?.hex ?? $0.symbolic ?? "")" }
        events = try repo.refs.eventCount()
        refLog = try repo.refs.refLog().count
        files = [:]
        for name in ["HEAD", "config", "refs/heads/main"] {
            files[name] = FileManager.default.contents(atPath: repo.gitDirectory + "/" + name)
        }
    }
}
