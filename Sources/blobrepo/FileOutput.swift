import BlobFormat
import FoundationEssentials

/// Raw bytes to standard output, for blobs that are not text.
enum FileOutput {
    static func write(_ bytes: [UInt8]) {
        StandardStream.output(bytes)
    }
}
