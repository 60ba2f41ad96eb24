/// Immutable bytes in memory that something else owns: a mapped file, or
/// a copy of an array. Formats that are searched in place (``LoadIndex``)
/// read from one, so that opening a large file touches only the pages that
/// a lookup needs.
public final class ByteRegion: @unchecked Sendable {
    public let bytes: UnsafeRawBufferPointer
    private let release: () -> Void

    /// A region over `bytes`, which stay valid until `release` runs (when
    /// the region is gone).
    public init(bytes: UnsafeRawBufferPointer, release: @escaping () -> Void) {
        self.bytes = bytes
        self.release = release
    }

    /// A region holding a copy of `array`.
    public convenience init(_ array: [UInt8]) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(array.count, 1), alignment: 8)
        array.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: copy[0..<$0.count]).copyMemory(from: $0) }
        self.init(bytes: UnsafeRawBufferPointer(start: copy.baseAddress, count: array.count)) { copy.deallocate() }
    }

    deinit { release() }

    public var count: Int { bytes.count }
}
