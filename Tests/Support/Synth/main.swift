// blobrepo-synth: makes synthetic script sets and commits them through the
// BlobRepo library, for tests that need real child processes (crash and
// concurrency trials), for benchmarks and for the demo. Blobs are built in
// code, as a host or the compiler hands them to the library.
//
//   blobrepo-synth commit REPO FUNCTIONS VERSION [CHANGED]
//       commit a set of FUNCTIONS functions in FILES; the first CHANGED
//       functions (default all) take body VERSION, the rest body 1
//   blobrepo-synth events REPO FUNCTIONS COUNT
//       record COUNT ReloadEvents spread over FUNCTIONS function names
//       (f0, f1, ...), in order, without commits: a large log to query
//   blobrepo-synth hold REPO REV
//       load REV into a VM (pinning its snapshot), print "loaded", and
//       wait until killed
//   blobrepo-synth reload REPO OLD NEW ROUNDS
//       load OLD into a VM, call every function once, then reload NEW and
//       OLD in turn ROUNDS times; print the median and 99th percentile of
//       the whole reload and of its apply phase, in microseconds
//   blobrepo-synth orphan REPO
//       point HEAD at a new commit of an empty set, with no parent, so
//       that only the ref log still reaches what HEAD had
//   blobrepo-synth loop REPO FUNCTIONS COUNT [LABEL]
//       COUNT commits in a row, each changing one function; prints each
//       commit's hash once its ref has moved
import BlobRepo
import Foundation

func scriptSet(functions: Int, version: Int, changed: Int, label: String = "") -> ScriptSet {
    var set = ScriptSet(compiler: "blobrepo-synth 1")
    let files = max(1, functions / 20)
    for index in 0..<functions {
        let body = index < changed ? version : 1
        let file = "mod\(index % files).lua"
        let name = "mod\(index % files).f\(index)"
        let inner = FunctionBlob(name: "\(name)/closure", registerCount: 2, instructions: [
            Instruction(.loadK, a: 0, bx: 0).word, Instruction(.return1, a: 0).word,
        ], constants: [.string("inner \(index)")])
        let blob = FunctionBlob(
            name: name, parameterNames: ["x"], registerCount: 4,
            instructions: [
                Instruction(.loadK, a: 1, bx: 0).word, Instruction(.loadI, a: 2, sBx: body % 60_000).word,
                Instruction(.return1, a: 2).word,
            ],
            constants: [.integer(Int64(index)), .string(label + "v\(body)")],
            globals: ["print"], closures: index % 10 == 0 ? [inner.hash] : [], relativeLines: [0, 1, 2])
        set.functions[name] = blob
        if index % 10 == 0 { set.closures.append(inner) }
        set.sources[file, default: []] += Array("function \(name)(x) return \(body) end\n".utf8)
    }
    for (file, _) in set.sources {
        set.chunks[file] = FunctionBlob(name: file, instructions: [Instruction(.return0).word], constants: [.string(file)])
    }
    return set
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("blobrepo-synth: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "hold", arguments.count == 3 {
    do {
        let host = ScriptHost(repository: try Repository.open(at: Array(arguments)[1]))
        try host.load(Array(arguments)[2])
        FileHandle.standardOutput.write(Data("loaded\n".utf8))
        while true { sleep(60) }
    } catch {
        fail("\(error)")
    }
}
if arguments.first == "reload", arguments.count == 5, let rounds = Int(Array(arguments)[4]) {
    do {
        let values = Array(arguments)
        let repository = try Repository.open(at: values[1])
        let old = try repository.resolve(values[2]), new = try repository.resolve(values[3])
        let host = ScriptHost(repository: repository)
        try host.load(commit: old)
        var whole: [Double] = [], apply: [Double] = []
        let micros = { (duration: Duration) in Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12 }
        for round in 0..<rounds {
            let clock = ContinuousClock()
            let started = clock.now
            let result = try host.load(commit: round % 2 == 0 ? new : old)
            whole.append(micros(clock.now - started))
            apply.append(micros(result.timings.apply))
        }
        let percentile = { (values: [Double], p: Double) in values.sorted()[min(values.count - 1, Int(Double(values.count) * p))] }
        print(String(format: "reload p50 %.0f us p99 %.0f us; apply p50 %.0f us p99 %.0f us",
                     percentile(whole, 0.5), percentile(whole, 0.99), percentile(apply, 0.5), percentile(apply, 0.99)))
        exit(0)
    } catch {
        fail("\(error)")
    }
}
if arguments.first == "orphan", arguments.count == 2 {
    do {
        let repository = try Repository.open(at: Array(arguments)[1])
        let empty = Snapshot(meta: SnapshotMeta(compiler: "blobrepo-synth 1"))
        for object in try empty.treeObjects() { try repository.objects.write(object) }
        let signature = Signature(name: "synth", email: "synth@example.invalid", time: Int64(Date().timeIntervalSince1970))
        let commit = Commit(tree: try empty.rootHash(), parents: [], author: signature, committer: signature, message: "orphan\n")
        let hash = try repository.hashObject(commit.encoded(), kind: .commit, write: true)
        try repository.refs.update(.init(ref: "HEAD", expected: .any, new: hash, message: "orphan"))
        print(hash.hex)
        exit(0)
    } catch {
        fail("\(error)")
    }
}
guard let verb = arguments.first, arguments.count >= 4 else {
    fail("usage: blobrepo-synth commit REPO FUNCTIONS VERSION [CHANGED] | loop REPO FUNCTIONS COUNT [LABEL]")
}
let values = Array(arguments.dropFirst())
guard let functions = Int(values[1]), let third = Int(values[2]) else { fail("FUNCTIONS and VERSION/COUNT are numbers") }
do {
    let repository = try Repository.open(at: values[0])
    switch verb {
    case "commit":
        let changed = values.count > 3 ? Int(values[3]) ?? functions : functions
        let result = try repository.commit(scriptSet(functions: functions, version: third, changed: changed),
                                           message: "Version \(third) of \(changed) functions")
        print(result.commit?.hex ?? "unchanged")
    case "loop":
        let label = values.count > 3 ? values[3] : ""
        for step in 1...max(1, third) {
            // Each step changes function (step % FUNCTIONS) to a new body.
            var set = scriptSet(functions: functions, version: 0, changed: 0, label: label)
            let index = step % functions
            let name = set.functions.keys.first { $0.hasSuffix(".f\(index)") }!
            set.functions[name]!.instructions[1] = Instruction(.loadI, a: 2, sBx: step % 60_000).word
            let result = try repository.commit(set, message: "\(label) step \(step)")
            FileHandle.standardOutput.write(Data(((result.commit?.hex ?? "unchanged") + "\n").utf8))
        }
    case "events":
        let start = Date().addingTimeInterval(-Double(third))
        var batch: [ReloadEvent] = []
        for index in 0..<third {
            let name = "f\(index % functions)"
            let step = index / functions
            let hash = { (version: Int) in GitObject(kind: .blob, payload: Array("\(name) v\(version)".utf8)).hash }
            batch.append(ReloadEvent(time: start.addingTimeInterval(Double(index)), ref: "refs/heads/main", function: name,
                                     oldHash: step == 0 ? nil : hash(step - 1), newHash: hash(step), cause: .commit,
                                     commit: hash(-1), message: "step \(step)"))
            if batch.count == 10_000 || index == third - 1 {
                try repository.refs.record(batch)
                batch.removeAll()
            }
        }
        print("recorded \(third) events")
    default:
        fail("unknown verb \(verb)")
    }
} catch {
    fail("\(error)")
}
