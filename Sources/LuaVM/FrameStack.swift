/// The call frames of one Lua thread, innermost last, in one buffer of its
/// own.
///
/// A frame is a plain value (it counts no references), so the buffer is
/// plain memory: pushing, popping and reading the top frame are a few
/// instructions each, where an array's would be calls with uniqueness
/// checks in the middle of the dispatch loop. The VM's stack stays one
/// object; switching to a coroutine exchanges the contents with the
/// coroutine's saved one.
final class FrameStack: RandomAccessCollection {
    // Reached on every call and return: no dynamic exclusivity checks.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<VM.Frame>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0

    /// An empty stack; its buffer is allocated by the first push (a
    /// coroutine that never runs costs none).
    init() {
        capacity = 0
        base = UnsafeMutablePointer(bitPattern: MemoryLayout<VM.Frame>.alignment)!
    }

    deinit {
        base.deinitialize(count: count)
        if capacity > 0 { base.deallocate() }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// The frame at `index`, read and written in place.
    subscript(index: Int) -> VM.Frame {
        unsafeAddress { UnsafePointer(base + index) }
        unsafeMutableAddress { base + index }
    }

    /// The innermost frame, read and written in place; the stack must not be empty.
    var top: UnsafeMutablePointer<VM.Frame> {
        @inline(__always) get { base + (count - 1) }
    }

    @inline(__always)
    func append(_ frame: VM.Frame) {
        if count == capacity { grow() }
        (base + count).initialize(to: frame)
        count += 1
    }

    @discardableResult @inline(__always)
    func removeLast() -> VM.Frame {
        count -= 1
        return (base + count).move()
    }

    func removeLast(_ k: Int) {
        precondition(k >= 0 && k <= count, "removing more frames than there are")
        (base + (count - k)).deinitialize(count: k)
        count -= k
    }

    func removeAll() { removeLast(count) }

    /// Swaps the frames of the two stacks.
    func exchangeContents(with other: FrameStack) {
        swap(&base, &other.base)
        swap(&capacity, &other.capacity)
        swap(&count, &other.count)
    }

    private func grow() {
        let larger = capacity == 0 ? 16 : capacity * 2
        let buffer = UnsafeMutablePointer<VM.Frame>.allocate(capacity: larger)
        buffer.moveInitialize(from: base, count: count)
        if capacity > 0 { base.deallocate() }
        base = buffer
        capacity = larger
    }
}
