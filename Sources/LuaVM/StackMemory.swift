#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for a Lua stack: reserved from the system, not committed, so
/// that a deep stack costs only the pages a program touches. Fresh anonymous
/// pages read as zeros, which is `nil` in every slot.
enum StackMemory {
    /// A stack of `slots` values, all nil; nil when the system cannot
    /// reserve it.
    static func reserve(slots: Int) -> UnsafeMutablePointer<Value>? {
        let bytes = slots * MemoryLayout<Value>.stride
        let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let raw, raw != MAP_FAILED else { return nil }
        return raw.bindMemory(to: Value.self, capacity: slots)
    }

    /// Gives a stack from ``reserve(slots:)`` back.
    static func release(_ stack: UnsafeMutablePointer<Value>, slots: Int) {
        munmap(UnsafeMutableRawPointer(stack), slots * MemoryLayout<Value>.stride)
    }
}
