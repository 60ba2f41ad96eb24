#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work started on a thread of its own, so that the caller can do
/// something else while it waits on the disk; ``wait()`` returns its
/// outcome once it is done. When no thread can be started, the work runs
/// at once, on the caller's thread.
final class BackgroundTask<Failure: Error>: @unchecked Sendable {
    private var outcome: Result<Void, Failure>?
    private var thread: pthread_t?

    /// Starts `work`.
    init(_ work: @escaping () throws(Failure) -> Void) {
        // The thread's entry holds the task until the work is done.
        let entry = Unmanaged.passRetained(ThreadEntry { self.outcome = Self.run(work) }).toOpaque()
        var thread = pthread_t()
        if pthread_create(&thread, nil, { entry in
            Unmanaged<ThreadEntry>.fromOpaque(entry!).takeRetainedValue().body()
            return nil
        }, entry) == 0 {
            self.thread = thread
        } else {
            Unmanaged<ThreadEntry>.fromOpaque(entry).release()
            outcome = Self.run(work)
        }
    }

    /// Waits for the work to end (once; later calls return at once) and
    /// returns how it ended.
    @discardableResult
    func wait() -> Result<Void, Failure> {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
        return outcome!
    }

    private static func run(_ work: () throws(Failure) -> Void) -> Result<Void, Failure> {
        do throws(Failure) {
            try work()
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    deinit {
        // Dropped without a wait: join, unless this is the work's own thread
        // letting go of the task last.
        guard let thread else { return }
        if pthread_equal(thread, pthread_self()) != 0 { pthread_detach(thread) } else { pthread_join(thread, nil) }
    }
}

/// What a new thread runs (a C entry point cannot capture a generic context).
private final class ThreadEntry {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
