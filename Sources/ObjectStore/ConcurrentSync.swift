#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CThreads

/// `fsync` of files and folders on a few threads at once, each started as
/// soon as it is queued: the waits for the disk overlap instead of adding
/// up (seven small objects and their folders: 1.5 ms at once against 4.5 ms
/// one after another, on ext4). Unlike `syncfs`, nothing else pending on
/// the file system is waited for.
///
/// The threads are started for the second job queued (a lone job runs on
/// the thread that waits for it) and kept until ``finish()``. They touch
/// only memory allocated here, never the allocator, so that no thread-local
/// heap is set up for them.
final class ConcurrentSync {
    /// The most threads syncing at once besides the one that waits: starting
    /// a thread costs about as much as a sync that overlaps.
    static let width = 3

    /// One job: a descriptor to sync (and close, with `closes`), or a path
    /// to open, sync and close.
    private struct Job {
        var descriptor: Int32
        var path: UnsafeMutablePointer<CChar>?
        var closes: Bool
        var outcome: Int32
    }

    private let capacity: Int
    private let jobs: UnsafeMutablePointer<Job>
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a job is queued or the threads are to stop.
    private let queued = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when the last queued job is done.
    private let drained = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var count = 0
    private var taken = 0
    private var done = 0
    private var stopping = false
    #if canImport(Glibc)
    private var threads: [pthread_t] = []
    #endif

    /// A pool for at most `capacity` jobs between calls of ``wait()``.
    init(capacity: Int) {
        self.capacity = capacity
        jobs = .allocate(capacity: capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(queued, nil)
        pthread_cond_init(drained, nil)
    }

    deinit {
        finish()
        for index in 0..<count { free(jobs[index].path) }
        jobs.deallocate()
        pthread_cond_destroy(drained)
        pthread_cond_destroy(queued)
        pthread_mutex_destroy(mutex)
        drained.deallocate()
        queued.deallocate()
        mutex.deallocate()
    }

    /// Queues `descriptor` (an open file) to be synced, then closed unless
    /// the caller keeps it (`closing` false).
    func sync(descriptor: Int32, closing: Bool = true) {
        enqueue(Job(descriptor: descriptor, path: nil, closes: closing, outcome: 0))
    }

    /// Queues the file or folder at `path` to be opened and synced.
    func sync(path: String) {
        enqueue(Job(descriptor: -1, path: strdup(path), closes: true, outcome: 0))
    }

    private func enqueue(_ job: Job) {
        pthread_mutex_lock(mutex)
        precondition(count < capacity, "ConcurrentSync: more jobs than its capacity")
        jobs[count] = job
        count += 1
        let waiting = count - taken
        pthread_cond_signal(queued)
        pthread_mutex_unlock(mutex)
        #if canImport(Glibc)
        if count > 1, waiting > 0, threads.count < Self.width {
            var thread = pthread_t()
            let context = Unmanaged.passUnretained(self).toOpaque()
            if blobrepo_thread_create(&thread, { context in
                Unmanaged<ConcurrentSync>.fromOpaque(context!).takeUnretainedValue().work()
                return nil
            }, context) == 0 {
                threads.append(thread)
            }
        }
        #endif
    }

    /// Runs the queued jobs left, with the threads, until every job queued
    /// is done. Returns each job's outcome in queue order (0, or the
    /// `errno` of what failed) and empties the queue for the next round.
    func wait() -> [Int32] {
        pthread_mutex_lock(mutex)
        while runNextJob() {}
        while done < count { pthread_cond_wait(drained, mutex) }
        let outcomes = (0..<count).map { jobs[$0].outcome }
        for index in 0..<count { free(jobs[index].path) }
        count = 0
        taken = 0
        done = 0
        pthread_mutex_unlock(mutex)
        return outcomes
    }

    /// Stops the threads once the queue is empty; they are joined.
    func finish() {
        #if canImport(Glibc)
        guard !threads.isEmpty else { return }
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(queued)
        pthread_mutex_unlock(mutex)
        for thread in threads { pthread_join(thread, nil) }
        threads.removeAll()
        stopping = false
        #endif
    }

    /// A thread's loop: take the next job, run it, until told to stop.
    private func work() {
        pthread_mutex_lock(mutex)
        while true {
            if runNextJob() { continue }
            if stopping { break }
            pthread_cond_wait(queued, mutex)
        }
        pthread_mutex_unlock(mutex)
    }

    /// Called holding the lock: runs the next queued job, if there is one,
    /// without the lock, and counts it done. Whether there was one.
    private func runNextJob() -> Bool {
        guard taken < count else { return false }
        let index = taken
        taken += 1
        pthread_mutex_unlock(mutex)
        run(index)
        pthread_mutex_lock(mutex)
        done += 1
        if done == count { pthread_cond_broadcast(drained) }
        return true
    }

    /// Syncs job `index` and records its outcome. A queued descriptor is
    /// closed whatever happens, unless the caller keeps it.
    private func run(_ index: Int) {
        var descriptor = jobs[index].descriptor
        if descriptor < 0 {
            descriptor = open(jobs[index].path!, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                jobs[index].outcome = errno
                return
            }
        }
        jobs[index].outcome = fsync(descriptor) == 0 ? 0 : errno
        if jobs[index].closes { close(descriptor) }
    }
}
