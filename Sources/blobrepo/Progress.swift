import Foundation

/// A one-line progress counter on standard error, shown only on a terminal
/// and only for work big enough to wait for.
final class Progress {
    let label: String
    let isTerminal = isatty(2) == 1
    private var shown = false

    init(label: String) { self.label = label }

    func report(_ done: Int, _ total: Int) {
        guard isTerminal, total >= 20, done == total || done % 10 == 0 else { return }
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total) files".utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
