import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `table.sort`, `math.random` (Lua 5.4's xoshiro256**, so that seeded
/// sequences match); the `io` and `os` libraries have files of their own.
enum MoreLibraries {
    static func install(_ vm: VM) {
        if let table = vm.globals.get(vm.string("table")).asTable { installSort(vm, table) }
        if let math = vm.globals.get(vm.string("math")).asTable { installRandom(vm, math) }
        IOLibrary.install(vm)
        OSLibrary.install(vm)
    }

    private static func installSort(_ vm: VM, _ library: LuaTable) {
        vm.define("sort", in: library) { [unowned vm] arguments in
            let list = try ListAccess(vm, arguments, "table.sort")
            let comparator = BaseLibrary.argument(arguments, 1)
            guard comparator.isNil || comparator.tag == .function else {
                throw BaseLibrary.badArgument(vm, 2, "table.sort", "function expected, got \(comparator.typeName)")
            }
            let length = try list.length()
            guard length > 1 else { return [] }
            guard length < Int64(Int32.max) else { throw BaseLibrary.badArgument(vm, 1, "table.sort", "array too big") }
            let count = Int(length)
            var values = try (1...count).map { index throws in try list.get(Int64(index)) }
            func less(_ a: Value, _ b: Value) throws -> Bool {
                if comparator.isNil { return try vm.less(a, b, orEqual: false) }
                return !(try vm.call(comparator, [a, b]).first ?? .nil).isFalsy
            }
            try quicksort(&values, 0, count - 1, less: less, vm: vm)
            for (index, value) in values.enumerated() { try list.set(Int64(index + 1), value) }
            return []
        }
    }

    /// A quicksort that, like Lua's, notices an order function that is not
    /// a strict order ("invalid order function for sorting") instead of
    /// running past the ends.
    private static func quicksort(_ values: inout [Value], _ low: Int, _ high: Int,
                                  less: (Value, Value) throws -> Bool, vm: VM) throws {
        var low = low, high = high
        while low < high {
            let middle = low + (high - low) / 2
            if try less(values[middle], values[low]) { values.swapAt(middle, low) }
            if try less(values[high], values[middle]) {
                values.swapAt(high, middle)
                if try less(values[middle], values[low]) { values.swapAt(middle, low) }
            }
            if high - low <= 2 { return }
            let pivot = values[middle]
            values.swapAt(middle, high - 1)
            var i = low, j = high - 1
            while true {
                i += 1
                while try less(values[i], pivot) {
                    guard i < high else { throw vm.error("invalid order function for sorting") }
                    i += 1
                }
                j -= 1
                while try less(pivot, values[j]) {
                    guard j > low else { throw vm.error("invalid order function for sorting") }
                    j -= 1
                }
                if j < i { break }
                values.swapAt(i, j)
            }
            values.swapAt(high - 1, i)
            // Recurse into the smaller part; loop on the larger.
            if i - low < high - i {
                try quicksort(&values, low, i - 1, less: less, vm: vm)
                low = i + 1
            } else {
                try quicksort(&values, i + 1, high, less: less, vm: vm)
                high = i - 1
            }
        }
    }

    /// xoshiro256**, as Lua 5.4's `math.random`.
    final class Xoshiro: @unchecked Sendable {
        var state: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        func seed(_ a: UInt64, _ b: UInt64) {
            state = (a, 0xFF, b, 0)
            for _ in 0..<16 { _ = next() }
        }

        func next() -> UInt64 {
            let result = rotateLeft(state.1 &* 5, 7) &* 9
            let t = state.1 << 17
            state.2 ^= state.0
            state.3 ^= state.1
            state.1 ^= state.2
            state.0 ^= state.3
            state.2 ^= t
            state.3 = rotateLeft(state.3, 45)
            return result
        }

        private func rotateLeft(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }

        /// A random integer in 0...n, without bias (Lua's `project`).
        func project(_ random: UInt64, _ n: UInt64) -> UInt64 {
            if n & (n &+ 1) == 0 { return random & n }
            var limit = n
            limit |= limit >> 1; limit |= limit >> 2; limit |= limit >> 4
            limit |= limit >> 8; limit |= limit >> 16; limit |= limit >> 32
            var value = random & limit
            while value > n { value = next() & limit }
            return value
        }
    }

    private static func installRandom(_ vm: VM, _ library: LuaTable) {
        let generator = Xoshiro()
        generator.seed(UInt64(bitPattern: Int64(Date().timeIntervalSince1970 * 1000)), UInt64(getpid()))
        vm.define("random", in: library) { [unowned vm] arguments in
            let random = generator.next()
            let low: Int64, high: Int64
            switch arguments.count {
            case 0: return [.float(Double(random >> 11) * 0x1.0p-53)]
            case 1:
                low = 1
                high = try BaseLibrary.integer(vm, arguments, 1, "math.random")
                if high == 0 { return [.integer(Int64(bitPattern: random))] }
            case 2:
                low = try BaseLibrary.integer(vm, arguments, 1, "math.random")
                high = try BaseLibrary.integer(vm, arguments, 2, "math.random")
            default:
                throw vm.error("wrong number of arguments")
            }
            guard low <= high else { throw BaseLibrary.badArgument(vm, 1, "math.random", "interval is empty") }
            let offset = generator.project(random, UInt64(bitPattern: high &- low))
            return [.integer(Int64(bitPattern: offset &+ UInt64(bitPattern: low)))]
        }
        vm.define("randomseed", in: library) { [unowned vm] arguments in
            // Lua 5.4 returns the two seed components it used.
            if arguments.isEmpty {
                let seeds = (Int64(Date().timeIntervalSince1970), Int64(getpid()))
                generator.seed(UInt64(bitPattern: seeds.0), UInt64(bitPattern: seeds.1))
                return [.integer(seeds.0), .integer(seeds.1)]
            }
            let number = try BaseLibrary.number(vm, arguments, 1, "math.randomseed")
            let first = number.tag == .integer ? UInt64(bitPattern: number.integerValue) : UInt64(bitPattern: Int64(number.floatValue))
            let second = UInt64(bitPattern: try BaseLibrary.integer(vm, arguments, 2, "math.randomseed", default: 0))
            generator.seed(first, second)
            return [.integer(Int64(bitPattern: first)), .integer(Int64(bitPattern: second))]
        }
    }
}
