import AccelConformance
import Foundation
import SyntheticSupport
import Testing

/// A device that goes away mid-run (driver unbound through sysfs): the run stops asking it,
/// the case in flight is `incomplete` with what it saw, the rest `notrun` ("device … lost"),
/// exit 3, the journal intact; once the device is back, `resume` runs the rest. The VM tier
/// does the same with real drivers (ci/vm/guest/unbind.sh).
@Suite struct DeviceLossTests {
    @Test func unboundDeviceStopsItsRunAndResumeFinishesIt() throws {
        let folder = RunnerBinary.temporaryFolder("device-lost")
        let node = folder.appendingPathComponent("accel-removable").path
        let results = folder.appendingPathComponent("run")
        try FileManager.default.createSymbolicLink(atPath: node, withDestinationPath: "/dev/null")
        let arguments = ["run", "--device", RemovableCases.selector, "--results", results.path, "--repeat", "3",
                         "--kmsg", "/nonexistent/kmsg"]
        let first = try RunnerBinary.run(arguments, environment: [RemovableCases.nodeVariable: node,
                                                                  RemovableCases.armedVariable: "1"])
        #expect(first.status == RunVerdict.aborted, "\(first.stdout)\n\(first.stderr)")
        let lost = try RunnerBinary.results(in: results)
        let statuses = lost.records.map(\.outcome.status)
        // Plan: pass, unplug, pass, unplug, pass, unplug.
        #expect(statuses == [.pass, .incomplete, .notrun, .notrun, .notrun, .notrun])
        let inFlight = lost.records[1].outcome.message ?? ""
        #expect(inFlight.contains("device \(RemovableCases.selector) lost") && inFlight.contains("ENODEV"), "\(inFlight)")
        #expect(lost.records[2...].allSatisfy { $0.outcome.message?.contains("lost") == true })
        #expect(lost.abortReason?.contains("lost") == true)
        let journal = try RunnerBinary.journal(in: results)
        #expect(journal.notes.isEmpty)
        #expect(journal.entries.contains { $0.event == .aborted && $0.reason?.contains("lost") == true })
        #expect(journal.finished.count == 2)

        // "Rebind": the node is back; resume runs the four cases left and keeps the two recorded.
        try FileManager.default.createSymbolicLink(atPath: node, withDestinationPath: "/dev/null")
        let resumed = try RunnerBinary.run(["resume", results.path], environment: [RemovableCases.nodeVariable: node])
        #expect(resumed.status == RunVerdict.unexpected, "\(resumed.stdout)\n\(resumed.stderr)")
        let done = try RunnerBinary.results(in: results)
        #expect(done.records.map(\.outcome.status) == [.pass, .incomplete, .pass, .pass, .pass, .pass])
        #expect(done.abortReason == nil)
        #expect(try RunnerBinary.journal(in: results).finished.count == 6)
    }
}
