#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CThreads

/// A piece of work run on a thread of its own while the caller does
/// something else (a commit writes its git ref files while SQLite syncs the
/// log); ``join()`` waits for it to end. The thread starts on another CPU
/// than the caller's (see `blobrepo_thread_create`), so that it does not
/// wait for the caller to block. Where no thread can be started the
/// work runs at once, before the initializer returns.
public final class BackgroundWork: @unchecked Sendable {
    private let body: () -> Void
    #if canImport(Glibc)
    private var thread = pthread_t()
    #endif
    private var running = false

    public init(_ body: @escaping () -> Void) {
        self.body = body
        #if canImport(Glibc)
        let context = Unmanaged.passRetained(self).toOpaque()
        running = blobrepo_thread_create(&thread, { context in
            let work = Unmanaged<BackgroundWork>.fromOpaque(context!).takeRetainedValue()
            work.body()
            return nil
        }, context) == 0
        guard !running else { return }
        Unmanaged<BackgroundWork>.fromOpaque(context).release()
        #endif
        body()
    }

    deinit {
        #if canImport(Glibc)
        guard running else { return }
        // Dropped on its own thread (its owner let go first): nothing will
        // wait for it, so it is detached.
        if pthread_equal(pthread_self(), thread) != 0 { pthread_detach(thread) } else { pthread_join(thread, nil) }
        #endif
    }

    /// Waits until the work is done; at once when it is.
    public func join() {
        #if canImport(Glibc)
        guard running else { return }
        pthread_join(thread, nil)
        running = false
        #endif
    }
}
