import AccelConformance
import Foundation
import Testing

/// The worker line protocol (its own ordered JSON, not Foundation's coders): what the worker
/// writes is what the runner reads, trace field order included, and bad lines are errors.
@Suite struct WorkerMessageTests {
    @Test func outcomeRoundTripsWithItsTrace() throws {
        let trace = try TraceEvent.parse(jsonLine: #"{"syscall":"ioctl","fd":3,"ioctl":"DRM_IOCTL_QAIC_CREATE_BO","request":"0xc0184401","in":{"size":4096,"handle":0,"pad":0},"out":{"size":4096,"handle":1,"pad":0},"result":0}"#)
        let outcome = CaseOutcome(name: try CaseName("qaic.create_bo.ok"), status: .fail, message: "expected \"0\"\nline 2 é",
                                  expected: "0", actual: "-22 EINVAL", startTime: Date(timeIntervalSinceReferenceDate: 786_000_123.456789),
                                  duration: 0.000123, trace: [trace, trace])
        let line = WorkerReply(outcome: outcome).line()
        #expect(line.last == 0x0A)
        #expect(line.dropLast().allSatisfy { $0 != 0x0A }, "one line")
        let read = try WorkerReply(line: line.dropLast())
        #expect(read.outcome == outcome)
        #expect(try read.outcome?.trace.first?.jsonLine() == trace.jsonLine(), "field order kept")
        #expect(try WorkerReply(line: WorkerReply(ready: "reference:qaic").line()).ready == "reference:qaic")
        #expect(try WorkerReply(line: WorkerReply(fatal: "no device").line()).fatal == "no device")
        let request = WorkerRequest(run: try CaseName("qaic.create_bo.ok"))
        #expect(try WorkerRequest(line: request.line()) == request)
    }

    @Test func unreadableLinesAreErrors() {
        #expect(throws: WorkerMessageError.self) { try WorkerReply(line: Data("{\"outcome\":{\"name\":\"x\"}}".utf8)) }
        #expect(throws: WorkerMessageError.self) { try WorkerReply(line: Data("[1]".utf8)) }
        #expect(throws: WorkerMessageError.self) { try WorkerRequest(line: Data("{\"run\":\"not a name\"}".utf8)) }
    }
}
