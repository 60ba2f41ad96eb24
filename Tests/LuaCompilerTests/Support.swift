import Foundation
@testable import LuaCompiler

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func files(_ folder: String, extension ext: String = "lua") -> [URL] {
        let url = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { url.appendingPathComponent($0) }
    }

    static func bytes(_ url: URL) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: url.path) ?? Data()) }
}

/// `luac5.4 -p FILE`'s verdict, or `nil` when luac5.4 is not installed.
func luacAccepts(_ url: URL) -> Bool? {
    let luac = "/usr/bin/luac5.4"
    guard FileManager.default.isExecutableFile(atPath: luac) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: luac)
    process.arguments = ["-p", url.path]
    process.standardError = FileHandle.nullDevice
    try? process.run()
    process.waitUntilExit()
    return process.terminationStatus == 0
}

func compile(_ source: String, path: String = "main.lua") throws -> CompiledFile {
    try Compiler.compile(Array(source.utf8), path: path)
}

func diagnostics(_ source: String, path: String = "main.lua") -> [Diagnostic] {
    do {
        _ = try Compiler.compile(Array(source.utf8), path: path)
        return []
    } catch {
        return error.diagnostics
    }
}
