import Foundation
import Testing

/// Script sets in Fixtures/lazyload, each with a `main` function: a
/// committed set called through `blobrepo call main` prints exactly what
/// `lua5.4` prints after running every file in path order and printing
/// `main()`. Files that only assign globals run lazily in a first load from
/// the load index; each set is also loaded without its index (every file
/// runs in place), and both must agree with Lua.
@Suite struct LazyLoadTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/lazyload")

    static var sets: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test(arguments: sets)
    func callingMainMatchesLua(_ set: String) throws {
        let directory = temporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.folder.appendingPathComponent(set).appendingPathComponent("src").path,
                                         toPath: directory + "/src")
        try Binary.blobrepo(["init"], in: directory)
        let commit = try Binary.blobrepo(["commit", "-m", set], in: directory)
        #expect(commit.status == 0, "\(commit.stderr)")
        let expected = try String(contentsOf: Self.folder.appendingPathComponent(set).appendingPathComponent("expected"), encoding: .utf8)

        let indexes = directory + "/.blobrepo/load-index"
        #expect(try FileManager.default.contentsOfDirectory(atPath: indexes).count == 1)
        let lazy = try Binary.blobrepo(["call", "main"], in: directory)
        #expect(lazy.status == 0, "\(lazy.stderr)")
        #expect(lazy.stdout == expected)

        // Without an index the load runs every file in place (and writes
        // the index again for the next load).
        try FileManager.default.removeItem(atPath: indexes)
        let eager = try Binary.blobrepo(["call", "main"], in: directory)
        #expect(eager.status == 0, "\(eager.stderr)")
        #expect(eager.stdout == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: indexes).count == 1)

        let lua = URL(fileURLWithPath: "/usr/bin/lua5.4")
        if FileManager.default.isExecutableFile(atPath: lua.path) {
            let paths = try FileManager.default.subpathsOfDirectory(atPath: directory + "/src").filter { $0.hasSuffix(".lua") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let program = paths.map { "dofile(\"\($0)\")\n" }.joined() + "print(main())\n"
            try program.write(toFile: directory + "/load.lua", atomically: true, encoding: .utf8)
            let live = try Binary.run(lua, ["../load.lua"], in: directory + "/src")
            #expect(live.stdout == lazy.stdout)
        }
    }
}
