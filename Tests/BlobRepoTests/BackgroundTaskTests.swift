@testable import BlobRepo
import Foundation
import Testing

@Suite struct BackgroundTaskTests {
    struct Failed: Error, Equatable { var code: Int }

    @Test func theWorkRunsOnAnotherThreadAndItsOutcomeIsKept() throws {
        let caller = Thread.current
        var ranElsewhere = false
        let task = BackgroundTask { () throws(Failed) in ranElsewhere = Thread.current != caller }
        #expect(throws: Never.self) { try task.wait().get() }
        #expect(ranElsewhere)
        // A second wait returns the same outcome at once.
        #expect(throws: Never.self) { try task.wait().get() }
    }

    @Test func aFailureComesBackFromWait() {
        let task = BackgroundTask { () throws(Failed) in throw Failed(code: 7) }
        #expect(throws: Failed(code: 7)) { try task.wait().get() }
        #expect(throws: Failed(code: 7)) { try task.wait().get() }
    }

    @Test func theCallerWorksWhileTheTaskWaits() {
        let gate = DispatchSemaphore(value: 0)
        let task = BackgroundTask { () throws(Failed) in
            // Finishes only once the caller has done its part.
            guard gate.wait(timeout: .now() + 10) == .success else { throw Failed(code: 1) }
        }
        gate.signal()
        #expect(throws: Never.self) { try task.wait().get() }
    }
}
