// An event-driven host, as a game server or a rules engine embeds blobrepo:
// events are dispatched to script functions named after them (`on_join`,
// `on_score`, `on_tick`), the scripts act on the host's world through host
// functions, and the running VM follows the repository's HEAD, picking up
// each commit or rollback between two events without a restart.
//
//   blobrepo-example-events REPO [TICKS] [MILLISECONDS]
//
// Commit scripts/ of this folder into REPO first (`blobrepo commit scripts`),
// start the host, then edit and commit again while it runs.
import BlobRepo
import Foundation


let arguments = CommandLine.arguments.dropFirst().map { $0 }
guard let path = arguments.first else {
    FileHandle.standardError.write(Data("usage: blobrepo-example-events REPO [TICKS] [MILLISECONDS]\n".utf8))
    exit(2)
}
let ticks = arguments.count > 1 ? Int(arguments[1]) ?? 20 : 20
let interval = arguments.count > 2 ? Int(arguments[2]) ?? 250 : 250

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// The host's own state, which scripts reach only through host functions.
final class World {
    var scores: [String: Int64] = [:]
}
let world = World()

/// Raised into the calling script as a Lua error with this text.
struct UsageError: Error, CustomStringConvertible { let description: String }

do {
    // Scripts may print and use the `world` capability; nothing else (no
    // files, no environment, no clock).
    let vm = VM(permissions: .only(["stdout", "world"]))
    vm.output = { FileHandle.standardOutput.write(Data($0)) }
    vm.register("world.announce", capability: "world") { arguments in
        say("[announce] " + arguments.map(\.description).joined(separator: " "))
        return []
    }
    vm.register("world.add_score", capability: "world") { arguments in
        guard arguments.count == 2, case let .string(player) = arguments[0], case let .integer(points) = arguments[1] else {
            throw UsageError(description: "add_score(player, points) takes a name and an integer")
        }
        world.scores[player, default: 0] += points
        return [.integer(world.scores[player]!)]
    }

    let host = ScriptHost(repository: try Repository.open(at: path), vm: vm)
    let reloader = try HotReloader(host: host)
    reloader.onReload = { outcome in
        switch outcome {
        case let .success(result):
            say("[reload] \(result.commit.abbreviated(12)): updated \(result.updated), added \(result.added), removed \(result.removed)")
        case let .failure(error):
            say("[reload refused] \(error)")
        }
    }

    let players = ["ada", "bob", "cy"]
    for tick in 1...ticks {
        var events: [(String, [ScriptValue])] = [("tick", [.integer(Int64(tick))])]
        if tick <= players.count { events.append(("join", [.string(players[tick - 1])])) }
        events.append(("score", [.string(players[tick % players.count]), .integer(Int64(tick % 5 + 1))]))
        for (event, arguments) in events {
            // Safe point: a pending reload applies here, between two events.
            try reloader.poll()
            let handler = "on_" + event
            guard host.functionHash(handler) != nil else { continue }
            do {
                let results = try host.call(handler, arguments)
                if !results.isEmpty { say("\(handler) -> " + results.map(\.description).joined(separator: ", ")) }
            } catch {
                say("[script error] \(error)")
            }
        }
        usleep(UInt32(interval * 1000))
    }
    say("final scores: " + world.scores.keys.sorted().map { "\($0)=\(world.scores[$0]!)" }.joined(separator: " "))
} catch {
    FileHandle.standardError.write(Data("blobrepo-example-events: \(error)\n".utf8))
    exit(1)
}
