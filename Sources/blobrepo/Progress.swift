import BlobFormat
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress counter on standard error, shown only on a terminal
/// and only for work big enough to wait for.
final class Progress {
    let label: String
    let isTerminal = isatty(2) == 1
    private var shown = false

    init(label: String) { self.label = label }

    func report(_ done: Int, _ total: Int) {
        guard isTerminal, total >= 20, done == total || done % 10 == 0 else { return }
        StandardStream.error("\r\(label) \(done)/\(total) files")
        shown = true
    }

    func finish() {
        if shown { StandardStream.error("\r\u{1B}[K") }
    }
}
