import Foundation
import Testing

/// Scripts in Fixtures/conformance run under `blobrepo run` and print
/// exactly what `lua5.4` prints (the .expected files were made by lua5.4;
/// when lua5.4 is installed, it is asked again, live).
@Suite struct ConformanceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/conformance")

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".lua") }.sorted()
    }

    @Test(arguments: scripts)
    func outputMatchesLua(_ script: String) throws {
        let ours = try Binary.blobrepo(["run", script], in: Self.folder.path)
        // Bytes, not text: Lua strings need not be UTF-8.
        let expected = try Data(contentsOf: Self.folder.appendingPathComponent(script.replacingOccurrences(of: ".lua", with: ".expected")))
        #expect(ours.output == expected, "\(ours.stderr)")
        let lua = URL(fileURLWithPath: "/usr/bin/lua5.4")
        if FileManager.default.isExecutableFile(atPath: lua.path) {
            let live = try Binary.run(lua, [script], in: Self.folder.path)
            #expect(ours.output == live.output)
        }
    }

    @Test func errorsExitWithStatusOneAndAMessage() throws {
        let directory = temporaryDirectory()
        try "local x = nil\nprint(x.y)\n".write(toFile: directory + "/bad.lua", atomically: true, encoding: .utf8)
        let result = try Binary.blobrepo(["run", "bad.lua"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.lua:2: attempt to index a nil value"))
        try "local x = = 1\n".write(toFile: directory + "/syntax.lua", atomically: true, encoding: .utf8)
        let syntax = try Binary.blobrepo(["run", "syntax.lua"], in: directory)
        #expect(syntax.status == 1)
        #expect(syntax.stderr.contains("syntax.lua:1:11: unexpected symbol near '='"))
    }

    @Test func statementsRunBeforeTheFileInTheSameVM() throws {
        let directory = temporaryDirectory()
        try "print(x, ...)\n".write(toFile: directory + "/show.lua", atomically: true, encoding: .utf8)
        let both = try Binary.blobrepo(["run", "-e", "x = 41", "-e", "x = x + 1", "show.lua", "a"], in: directory)
        #expect(both.stdout == "42\ta\n")
        let alone = try Binary.blobrepo(["run", "-e", "print(load('return 6 * 7')())"], in: directory)
        #expect(alone.stdout == "42\n")
        let failing = try Binary.blobrepo(["run", "-e", "error('boom')"], in: directory)
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("(command line):1: boom"))
        #expect(try Binary.blobrepo(["run"], in: directory).status != 0)
    }

    @Test func argumentsReachTheScript() throws {
        let directory = temporaryDirectory()
        try "print(select('#', ...), ..., arg[0], arg[2])\n".write(toFile: directory + "/args.lua", atomically: true, encoding: .utf8)
        let result = try Binary.blobrepo(["run", "args.lua", "one", "two"], in: directory)
        // `...` in the middle of a list gives one value, as in Lua.
        #expect(result.stdout == "2\tone\targs.lua\ttwo\n")
        // Words after the file are the script's, even when they look like options.
        let optionLike = try Binary.blobrepo(["run", "args.lua", "-e", "--help"], in: directory)
        #expect(optionLike.stdout == "2\t-e\targs.lua\t--help\n")
    }

    @Test func helpAndUnknownOptionsReachTheArgumentParser() throws {
        let directory = temporaryDirectory()
        let help = try Binary.blobrepo(["run", "--help"], in: directory)
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: blobrepo run"))
        let unknown = try Binary.blobrepo(["run", "-z", "x.lua"], in: directory)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("Unknown option '-z'"))
        let dangling = try Binary.blobrepo(["run", "-e"], in: directory)
        #expect(dangling.status != 0)
    }

    @Test func deepRecursionIsAStackOverflowNotACrash() throws {
        let directory = temporaryDirectory()
        try """
            local function down(n) return 1 + down(n + 1) end
            print(pcall(down, 1))
            print("still running")
            """.write(toFile: directory + "/deep.lua", atomically: true, encoding: .utf8)
        let result = try Binary.blobrepo(["run", "deep.lua"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("stack overflow"))
        #expect(result.stdout.hasSuffix("still running\n"))
    }
}
