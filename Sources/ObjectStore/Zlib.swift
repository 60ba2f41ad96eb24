import BlobFormat
import CZlib

/// A reusable zlib compressor. One per writer: resetting a stream is much
/// cheaper than initialising a new one for every object.
final class Deflater {
    private var stream = z_stream()

    /// At zlib's level 1, the fastest, which is what git uses for loose
    /// objects, with zlib's largest window (32 kB) and a small match table
    /// (memory level 4 of 9, 4 kB): zlib clears the table for every stream,
    /// and at the default level (8, 64 kB) that clearing, and the fresh
    /// pages it touches, cost more than compressing a small object. The
    /// objects of a 10,000-function set take 0.03 % more space.
    init() {
        let status = deflateInit2_(&stream, 1, Z_DEFLATED, 15, 4, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                   Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib deflateInit failed (\(status)): out of memory")
    }

    deinit { deflateEnd(&stream) }

    /// The zlib stream of `first` followed by `second`.
    func compress(_ first: [UInt8], _ second: [UInt8]) -> [UInt8] {
        deflateReset(&stream)
        let bound = Int(deflateBound(&stream, UInt(first.count + second.count))) + 16
        // Not zero-filled first: only the bytes zlib writes are kept.
        return [UInt8](unsafeUninitializedCapacity: bound) { out, count in
            stream.next_out = out.baseAddress
            stream.avail_out = UInt32(out.count)
            first.withUnsafeBufferPointer { input in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                _ = deflate(&stream, Z_NO_FLUSH)
            }
            second.withUnsafeBufferPointer { input in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "zlib deflate into a deflateBound buffer did not finish (\(status))")
            }
            count = out.count - Int(stream.avail_out)
        }
    }
}

/// Inflates a loose object without trusting it: the header is read first,
/// the buffer is sized from the declared size (which must be physically
/// possible for the compressed length), and inflating stops there.
enum LooseObjectInflater {
    /// zlib cannot expand data by more than about 1032:1.
    static let maximumRatio = 1032

    enum Failure: Error {
        case corrupt(String)
        case truncated
        case oversized(declared: Int)
        case tooLarge(declared: Int, limit: Int)
    }

    /// Inflates a loose object: its kind and payload, the header checked
    /// against what follows it. The payload is inflated into its own array
    /// (no framed copy to cut it out of). Without `checkingSum`, a stream
    /// of stored blocks is read without checking its Adler-32 trailer (see
    /// ``StoredZlib/object(_:limit:checkingSum:)``).
    static func inflate(_ compressed: UnsafeRawBufferPointer, limit: Int, checkingSum: Bool = true) throws(Failure)
        -> (kind: ObjectKind, payload: [UInt8]) {
        if let object = StoredZlib.object(compressed, limit: limit, checkingSum: checkingSum) { return object }
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        let input = compressed.assumingMemoryBound(to: UInt8.self)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        // A first call that may finish a small object (a commit, a small
        // tree): with Z_FINISH, a stream that ends within it needs no
        // sliding window, which zlib would otherwise allocate (32 kB) and
        // copy the output into. A larger object goes on from there.
        var head = [UInt8](repeating: 0, count: 4096)
        var status = head.withUnsafeMutableBufferPointer { out in
            stream.next_out = out.baseAddress
            stream.avail_out = UInt32(out.count)
            return CZlib.inflate(&stream, Z_FINISH)
        }
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw .corrupt(zlibMessage(stream, status))
        }
        let produced = head.count - Int(stream.avail_out)
        head.removeLast(head.count - produced)
        let header: (kind: ObjectKind, size: Int, headerLength: Int)
        do throws(FormatError) { header = try GitObject.parseHeader(head) } catch {
            throw produced < 64 && status != Z_STREAM_END ? .truncated : .corrupt(error.description)
        }
        guard header.size <= limit else { throw .tooLarge(declared: header.size, limit: limit) }
        guard header.size <= input.count * maximumRatio + 64 else { throw .oversized(declared: header.size) }
        let total = header.headerLength + header.size
        guard produced <= total else { throw .oversized(declared: header.size) }
        if status == Z_STREAM_END {
            guard produced == total else { throw produced < total ? .truncated : .oversized(declared: header.size) }
            guard stream.avail_in == 0 else { throw .corrupt("garbage after the zlib stream") }
            return (header.kind, Array(head[header.headerLength...]))
        }
        // One spare byte: filling it means the stream holds more than declared.
        let started = produced - header.headerLength
        var filled = 0
        let payload = [UInt8](unsafeUninitializedCapacity: header.size + 1) { buffer, count in
            FreshMemory.prefault(UnsafeMutableRawBufferPointer(buffer))
            let out = buffer.baseAddress!
            head.withUnsafeBufferPointer { out.update(from: $0.baseAddress! + header.headerLength, count: started) }
            stream.next_out = out + started
            stream.avail_out = UInt32(header.size + 1 - started)
            status = CZlib.inflate(&stream, Z_FINISH)
            filled = header.size + 1 - Int(stream.avail_out)
            count = filled
        }
        switch status {
        case Z_STREAM_END:
            guard filled == header.size else { throw filled < header.size ? .truncated : .oversized(declared: header.size) }
            guard stream.avail_in == 0 else { throw .corrupt("garbage after the zlib stream") }
        case Z_BUF_ERROR, Z_OK:
            throw filled > header.size ? .oversized(declared: header.size) : .truncated
        default:
            throw .corrupt(zlibMessage(stream, status))
        }
        return (header.kind, payload)
    }

    private static func zlibMessage(_ stream: z_stream, _ status: Int32) -> String {
        if let message = stream.msg { return "zlib: " + String(cString: message) }
        return "zlib error \(status)"
    }
}
