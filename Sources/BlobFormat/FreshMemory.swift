#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Large buffers that are about to be written whole.
public enum FreshMemory {
    /// Maps in, with one call, the pages of fresh memory that is about to be
    /// written whole (a large object's payload): a page fault per 4 kB costs
    /// more than the writing itself. Linux's MADV_POPULATE_WRITE; elsewhere,
    /// or for less than 64 kB, nothing.
    public static func prefault(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
        guard let base = buffer.baseAddress, buffer.count >= 64 << 10 else { return }
        let page = 4096
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(page - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // Linux 5.14 and later; an older kernel refuses it, harmlessly.
        _ = madvise(aligned, end - start, MADV_POPULATE_WRITE)
        #endif
    }
}
