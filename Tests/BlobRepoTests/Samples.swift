import BlobRepo
import Foundation
import TestScratch

/// Script sets built in code, as the compiler will hand them to the library.
enum Samples {
    /// Code that passes the verifier: `return <body>`.
    static func returning(_ value: Int) -> [UInt32] {
        [Instruction(.loadI, a: 1, sBx: value).word, Instruction(.return1, a: 1).word]
    }

    /// A trivial closure that returns `value`.
    static func closure(_ name: String, _ value: Int) -> FunctionBlob {
        FunctionBlob(name: name, registerCount: 2, instructions: returning(value), relativeLines: [0, 0])
    }

    static func function(_ name: String, body: Int, closures: [FunctionBlob] = [], permissions: [String] = []) -> FunctionBlob {
        FunctionBlob(name: name, parameterNames: ["x"], registerCount: 2, instructions: returning(body),
                     constants: [.string(name)], closures: closures.map(\.hash), permissions: permissions, relativeLines: [0, 1])
    }

    /// A set with the given function bodies, one file per module prefix.
    static func set(_ bodies: [String: Int], closures: [String: FunctionBlob] = [:]) -> ScriptSet {
        var set = ScriptSet(compiler: "samples 1")
        for (name, body) in bodies {
            let nested = closures[name].map { [$0] } ?? []
            set.functions[name] = function(name, body: body, closures: nested)
            set.closures += nested
            let file = (name.split(separator: ".").first.map(String.init) ?? "main") + ".lua"
            set.sources[file, default: []] += Array("function \(name)() return \(body) end\n".utf8)
        }
        for file in set.sources.keys { set.chunks[file] = FunctionBlob(name: file, instructions: [Instruction(.return0).word], constants: [.string(file)]) }
        return set
    }

    /// Writes a source file, its times set a minute back (with a fresh
    /// microsecond, so every write has its own time) so that the source
    /// cache may trust them.
    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let past = timeval(tv_sec: Int(Date().timeIntervalSince1970) - 60, tv_usec: Int.random(in: 0..<1_000_000))
        var times = [past, past]
        utimes(path, &times)
    }

    static func temporaryDirectory() -> String {
        Scratch.directory("blobrepo")
    }

    static func repository() throws -> Repository {
        try Repository.initialize(at: temporaryDirectory())
    }

    /// Sets an object's file time to `secondsAgo` in the past.
    static func age(_ repository: Repository, _ hash: FunctionHash, secondsAgo: Int) {
        let time = timeval(tv_sec: Int(Date().timeIntervalSince1970) - secondsAgo, tv_usec: 0)
        var times = [time, time]
        utimes(repository.objects.path(of: hash), &times)
    }

    static func ageEverything(_ repository: Repository, secondsAgo: Int) throws {
        for entry in try repository.objects.enumerate() { age(repository, entry.hash, secondsAgo: secondsAgo) }
    }
}
