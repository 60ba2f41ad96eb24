import BlobFormat
import CThreadTesting
#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite struct BackgroundWorkTests {
    /// The work runs on another thread, and what it did is seen after `join`.
    @Test func workRunsElsewhereAndJoinWaitsForIt() {
        let caller = pthread_self()
        var ranElsewhere = false
        var total = 0
        let work = BackgroundWork {
            ranElsewhere = pthread_equal(pthread_self(), caller) == 0
            usleep(20_000)
            total = (1...100).reduce(0, +)
        }
        work.join()
        #expect(ranElsewhere)
        #expect(total == 5050)
        work.join()
    }

    #if os(Linux)
    /// `join` returns once the work is done, without waiting for its
    /// thread to end; the thread still ends, on its own.
    @Test func joinDoesNotWaitForTheThreadToEnd() {
        let ended = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        ended.initialize(to: 0)
        // Freed only once the thread has written it (else left: it may still).
        defer { if blobrepo_thread_load(ended) == 1 { ended.deallocate() } }
        var done = false
        let work = BackgroundWork {
            #expect(blobrepo_thread_end_slowly(ended, 2_000) == 0)
            done = true
        }
        work.join()
        #expect(done)
        // The thread's end sleeps two seconds before it marks the end.
        #expect(blobrepo_thread_load(ended) == 0)
        for _ in 0..<200 where blobrepo_thread_load(ended) == 0 { usleep(50_000) }
        #expect(blobrepo_thread_load(ended) == 1)
    }

    /// The CPUs the calling thread may run on, one bit each.
    static func allowedCPUs() -> [UInt8] {
        var bits = [UInt8](repeating: 0, count: 128)
        #expect(blobrepo_thread_allowed_cpus(&bits, Int32(bits.count)) == 0)
        return bits
    }

    /// Started away from the caller's CPU, the work runs with every CPU
    /// the caller may use, not only the others.
    @Test func workTakesBackEveryCPU() {
        let callers = Self.allowedCPUs()
        var works: [UInt8] = []
        BackgroundWork { works = Self.allowedCPUs() }.join()
        #expect(works == callers)
    }

    /// A caller kept to one CPU still gets its work run (there is no
    /// other CPU to start it on), on that CPU.
    @Test func workOfACallerOnOneCPURuns() {
        var single: [UInt8] = []
        var works: [UInt8] = []
        BackgroundWork {
            // On a thread of the test's own, so that no other test's thread is kept to one CPU.
            #expect(blobrepo_thread_stay_on_this_cpu() == 0)
            single = Self.allowedCPUs()
            BackgroundWork { works = Self.allowedCPUs() }.join()
        }.join()
        #expect(single.reduce(0) { $0 + $1.nonzeroBitCount } == 1)
        #expect(works == single)
    }
    #endif
}
