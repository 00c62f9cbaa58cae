import AccelConformance
import Foundation
import Testing

/// Trace format 2 (pointer, fd and mmap-offset provenance) and reproducers that test a
/// failed case's expectation instead of replaying what the driver did.
@Suite("C reproducer provenance and tests")
struct CReproducerProvenanceTests {
    private static let createBO = "0xC0106441"

    /// open, CREATE_BO recorded with `result`, close: /dev/null answers the ioctl with ENOTTY.
    static func failedCase(openPath: String = "/dev/null", recorded: String) -> [TraceEvent] {
        [
            TraceEvent(syscall: .open, fd: 5, path: openPath, flags: 0o2, result: 0),
            TraceEvent(syscall: .ioctl, fd: 5, ioctl: "QAIC_CREATE_BO", request: createBO,
                       in: ["size": 4096, "handle": 0, "pad": 1], result: .string(recorded)),
            TraceEvent(syscall: .close, fd: 5, result: 0),
        ]
    }

    private static func expectation(_ expected: String, actual: String) -> CReproducer.Expectation {
        CReproducer.Expectation(ioctl: "QAIC_CREATE_BO", expected: expected, actual: actual,
                                rationale: "qaic-uapi.md §2.1 rule 1: pad != 0 -> EINVAL")
    }

    private func run(_ input: CReproducer.Input, label: String) throws -> ResultFixtures.ProcessResult {
        try ReproducerProgram.run(input, label: label)
    }

    /// The recorded driver accepted pad=1 (returned 0); the row wants EINVAL. On a device that
    /// still does not return EINVAL (here /dev/null: ENOTTY) the test fails, although every
    /// step may match the recording; where the row's result comes back it passes.
    @Test func aFailedCaseIsATestOfTheRowsExpectation() throws {
        let misbehaving = try run(.init(caseName: "qaic.create_bo.pad_one", events: Self.failedCase(recorded: "ENOTTY"),
                                        expectation: Self.expectation("EINVAL", actual: "ENOTTY")), label: "test-fail")
        #expect(misbehaving.status == 1, "\(misbehaving.stdout)\n\(misbehaving.stderr)")
        #expect(misbehaving.stdout.contains("expected EINVAL (the row), actual"))
        #expect(misbehaving.stderr.contains("FAIL: step 2 did not return EINVAL"))

        let fixed = try run(.init(caseName: "qaic.create_bo.pad_one", events: Self.failedCase(recorded: "0"),
                                  expectation: Self.expectation("ENOTTY", actual: "0")), label: "test-pass")
        #expect(fixed.status == 0, "\(fixed.stdout)\n\(fixed.stderr)")
        #expect(fixed.stdout.contains("PASS: step 2 returned ENOTTY"))
        // The header states what is tested and why.
        let program = CReproducer.program(.init(caseName: "qaic.create_bo.pad_one", events: Self.failedCase(recorded: "0"),
                                                expectation: Self.expectation("EINVAL", actual: "0")))
        #expect(program.contains("A test: step 2 (QAIC_CREATE_BO) must return EINVAL"))
        #expect(program.contains("because: qaic-uapi.md §2.1 rule 1"))
    }

    @Test func aSetupThatDivergesIsInconclusive() throws {
        let result = try run(.init(caseName: "qaic.create_bo.pad_one",
                                   events: Self.failedCase(openPath: CReproducerTests.missing, recorded: "ENOTTY"),
                                   expectation: Self.expectation("EINVAL", actual: "ENOTTY")), label: "test-setup")
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("inconclusive: 1 step(s) before step 2 differ"))
    }

    /// A record whose result differs from its row's expectation becomes a test; a passing one
    /// stays a replay.
    @Test func recordsChooseTestOrReplay() {
        var record = ResultFixtures.record("qaic.create_bo.pad_one", .fail, expected: "EINVAL", actual: "0",
                                           trace: Self.failedCase(recorded: "0"))
        record.ioctl = "QAIC_CREATE_BO"
        #expect(CReproducer.Input(record: record, headers: []).expectation?.expected == "EINVAL")
        #expect(CReproducer.program(.init(record: record, headers: [])).contains("check_test(2,"))
        record.outcome.actual = "EINVAL"
        #expect(CReproducer.Input(record: record, headers: []).expectation == nil)
    }

    @Test func provenanceRoundTripsAndFormatOneStillReads() throws {
        let event = TraceEvent(syscall: .ioctl, fd: 3, ioctl: "QAIC_EXECUTE_BO", request: "0x40106444",
                               in: ["hdr": ["count": 1, "dbc_id": 0], "data": [["handle": 1, "dir": 1]]], result: 0,
                               provenance: [TraceProvenance(field: "data", kind: .buffer, address: "0x5000", length: 8,
                                                            readable: 8, bytes: "0100000001000000")])
        let line = try event.jsonLine()
        #expect(line.contains(#""provenance":[{"field":"data","kind":"buffer","address":"0x5000","length":8"#))
        #expect(try TraceEvent.parse(jsonLine: line) == event)
        let formatOne = #"{"syscall":"ioctl","fd":3,"ioctl":"GEM_CLOSE","request":"0x40086409","in":{"handle":1,"pad":0},"result":0}"#
        #expect(try TraceEvent.parse(jsonLine: formatOne).provenance == nil)
        #expect(throws: TraceEvent.FormatError.self) {
            try TraceEvent.parse(jsonLine: #"{"syscall":"close","result":0,"provenance":[{"field":"x","kind":"pipe"}]}"#)
        }
    }

    /// Pointer fields get buffers of their own: the recorded bytes, a guard page where the
    /// recording's buffer ended early, a bad pointer where nothing could be read, NULL as NULL.
    @Test func pointerFieldsAreRebuiltFromTheirBuffers() throws {
        func execute(_ buffer: TraceProvenance) -> TraceEvent {
            TraceEvent(syscall: .ioctl, fd: 5, ioctl: "QAIC_EXECUTE_BO", request: "0x40106444",
                       in: ["hdr": ["count": 2, "dbc_id": 0], "data": [["handle": 1, "dir": 1]]], result: "ENOTTY",
                       provenance: [buffer])
        }
        let events = [
            TraceEvent(syscall: .open, fd: 5, path: "/dev/null", flags: 0o2, result: 0),
            execute(TraceProvenance(field: "data", kind: .buffer, address: "0x7f0000001000", length: 16, readable: 16,
                                    bytes: "01000000010000000200000002000000")),
            execute(TraceProvenance(field: "data", kind: .buffer, address: "0x7f0000002ff8", length: 16, readable: 8,
                                    bytes: "0100000001000000")),
            execute(TraceProvenance(field: "data", kind: .buffer, address: "0x7f0000009000", length: 16, readable: 0,
                                    bytes: "")),
            execute(TraceProvenance(field: "data", kind: .buffer, address: "0x0", length: 16, readable: 0, bytes: "")),
            // Complete, but read-only and followed by unmapped memory (a kernel copying back faults).
            execute(TraceProvenance(field: "data", kind: .buffer, address: "0x7f000000aff0", length: 16, readable: 16,
                                    bytes: "01000000010000000200000002000000", writable: false, guarded: true)),
            TraceEvent(syscall: .close, fd: 5, result: 0),
        ]
        let input = CReproducer.Input(caseName: "qaic.execute_bo.x", events: events,
                                      headers: ["accel_drm_uapi.h", "accel_qaic_uapi.h"])
        let program = CReproducer.program(input)
        #expect(program.contains("static unsigned char buf_data[16] __attribute__((aligned(8))) = {"))
        #expect(program.contains("0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,"))
        #expect(program.contains("u.arg.data = (uintptr_t)guarded_buffer(buf_data, 8, 1);"))
        #expect(program.contains("u.arg.data = (uintptr_t)bad_pointer(0x7f0000009000ULL);"))
        #expect(program.contains("u.arg.data = 0;"))
        #expect(program.contains("u.arg.data = (uintptr_t)guarded_buffer(buf_data, 16, 0);"))
        #expect(!program.contains("#error \"field"))
        let result = try run(input, label: "buffers")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
    }

    /// The tracer records provenance on a real run, and the reproducers of the ioctls whose
    /// arrays used to stop at #error now compile with -Wall -Werror.
    @Test func referenceRunTracesCarryProvenanceAndCompile() throws {
        let folder = RunnerBinary.temporaryFolder("provenance")
        let run = try RunnerBinary.run(["run", "--device", "reference:qaic", "--results", folder.path, "--seed", "3",
                                        "--kmsg", "/nonexistent/kmsg", "--include", "qaic.attach_slice_bo.valid",
                                        "--include", "qaic.manage.*", "--include", "core.version.name",
                                        "--workload", RunnerBinary.fixtures.appendingPathComponent("workloads/loopback.json").path,
                                        "--include", "qaic.execute_bo.workload", "--include", "qaic.perf_stats_bo.copy_back_faults"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let results = try RunnerBinary.results(in: folder)
        let attach = try #require(results.record("qaic.attach_slice_bo.valid"))
        let event = try #require(attach.outcome.trace.first { $0.ioctl == "QAIC_ATTACH_SLICE_BO" })
        let buffer = try #require(event.provenance?.first { $0.field == "data" })
        #expect(buffer.kind == .buffer)
        #expect(buffer.readable == buffer.length && (buffer.length ?? 0) > 0)
        #expect(buffer.bytes?.count == 2 * (buffer.length ?? 0))
        #expect(buffer.writable == true && buffer.guarded == false)
        // A reply buffer that ends at unmapped memory, and stats entries on a read-only page.
        let reply = try #require(results.record("qaic.manage.reply_needs_4096_writable")?.outcome.trace
            .compactMap { $0.provenance?.first }.first)
        #expect(reply.guarded == true)
        let stats = try #require(results.record("qaic.perf_stats_bo.copy_back_faults")?.outcome.trace
            .first { $0.ioctl == "QAIC_PERF_STATS_BO" }?.provenance?.first)
        #expect(stats.writable == false)

        var compiled = 0
        for record in results.records where ["QAIC_ATTACH_SLICE_BO", "QAIC_MANAGE", "VERSION", "QAIC_EXECUTE_BO"]
            .contains(record.ioctl) {
            let result = try ReproducerProgram.compile(CReproducer.Input(record: record, headers: []),
                                                       label: record.outcome.name.leaf)
            #expect(result.status == 0, "\(record.outcome.name): \(result.stderr)")
            compiled += 1
        }
        #expect(compiled >= 10)
    }
}
