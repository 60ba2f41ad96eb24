#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `fsync` of many files or folders, each on a thread of its own: the waits
/// for the disk then overlap instead of adding up (seven small objects and
/// their folders: 1.5 ms at once against 4.5 ms one after another, on ext4).
/// Unlike `syncfs`, nothing else pending on the filesystem is waited for.
enum ConcurrentSync {
    /// Syncs every path; throws for the first that failed, after all ran.
    static func sync(_ paths: [String]) throws(ObjectStoreError) {
        var codes = [Int32](repeating: 0, count: paths.count)
        codes.withUnsafeMutableBufferPointer { slots in
            #if canImport(Glibc)
            var threads: [pthread_t] = []
            for index in paths.indices.dropFirst() {
                let job = Unmanaged.passRetained(Job(path: paths[index], slot: slots.baseAddress! + index)).toOpaque()
                var thread = pthread_t()
                if pthread_create(&thread, nil, { raw in
                    Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().run()
                    return nil
                }, job) == 0 {
                    threads.append(thread)
                } else {
                    Unmanaged<Job>.fromOpaque(job).takeRetainedValue().run()
                }
            }
            if let first = paths.indices.first { slots[first] = errorCode(syncing: paths[first]) }
            for thread in threads { pthread_join(thread, nil) }
            #else
            for index in paths.indices { slots[index] = errorCode(syncing: paths[index]) }
            #endif
        }
        if let failed = codes.firstIndex(where: { $0 != 0 }) {
            throw .io(path: paths[failed], operation: "fsync", errno: codes[failed])
        }
    }

    /// One path to sync and where its outcome goes.
    private final class Job {
        let path: String
        let slot: UnsafeMutablePointer<Int32>
        init(path: String, slot: UnsafeMutablePointer<Int32>) {
            self.path = path
            self.slot = slot
        }
        func run() { slot.pointee = errorCode(syncing: path) }
    }

    /// Opens, syncs and closes `path`: 0, or the `errno` of what failed.
    private static func errorCode(syncing path: String) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        return fsync(fd) == 0 ? 0 : errno
    }
}
