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
///
/// ``join()`` returns once the work is done, not once its thread has
/// ended: a thread's end (its allocator heap given back, its stack) took
/// 0.1–0.2 ms that the caller waited through for nothing.
public final class BackgroundWork: @unchecked Sendable {
    private let body: () -> Void
    #if canImport(Glibc)
    private var thread = pthread_t()
    /// Guards `done`; `finished` is signalled when it turns true.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var done = false
    #endif
    private var running = false

    public init(_ body: @escaping () -> Void) {
        self.body = body
        #if canImport(Glibc)
        // Trivial C types: the init calls set the memory up.
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(finished, nil)
        let context = Unmanaged.passRetained(self).toOpaque()
        running = blobrepo_thread_create(&thread, { context in
            let work = Unmanaged<BackgroundWork>.fromOpaque(context!).takeRetainedValue()
            work.body()
            pthread_mutex_lock(work.mutex)
            work.done = true
            pthread_cond_signal(work.finished)
            pthread_mutex_unlock(work.mutex)
            return nil
        }, context) == 0
        guard !running else { return }
        Unmanaged<BackgroundWork>.fromOpaque(context).release()
        #endif
        body()
    }

    deinit {
        #if canImport(Glibc)
        if running {
            // Dropped on its own thread (its owner let go first): nothing will
            // wait for it, so it is detached; elsewhere, joined as ever.
            if pthread_equal(pthread_self(), thread) != 0 { pthread_detach(thread) } else { join() }
        }
        pthread_cond_destroy(finished)
        finished.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        #endif
    }

    /// Waits until the work is done; at once when it is. The thread, which
    /// may still be ending, is left to end on its own.
    public func join() {
        #if canImport(Glibc)
        guard running else { return }
        pthread_mutex_lock(mutex)
        while !done { pthread_cond_wait(finished, mutex) }
        pthread_mutex_unlock(mutex)
        pthread_detach(thread)
        running = false
        #endif
    }
}
