import Foundation
import SystemPackage

/// Runs one case in this process against one device: requirements, body, tear-down, with
/// every syscall traced at the device boundary. The runner decides where this happens (in
/// process or in a worker); the executor does not care.
public struct CaseExecutor: Sendable {
    public let device: any Device
    public let driver: any DriverSuite
    public let profile: KernelProfile
    public let environment: CaseEnvironment

    public init(device: any Device, driver: any DriverSuite, profile: KernelProfile, environment: CaseEnvironment) {
        self.device = device
        self.driver = driver
        self.profile = profile
        self.environment = environment
    }

    public func run(_ testCase: ConformanceCase) -> CaseOutcome {
        let start = Date()
        let clock = ContinuousClock.now
        let recorder = TraceRecorder()
        func finish(_ status: Status, _ message: String? = nil, expected: String? = nil, actual: String? = nil) -> CaseOutcome {
            return CaseOutcome(name: testCase.name, status: status, message: message, expected: expected,
                               actual: actual, startTime: start, duration: (ContinuousClock.now - clock).seconds,
                               trace: recorder.events)
        }

        let expected: Expected
        switch testCase.resolution {
        case .notApplicable(let reason):
            return finish(.skip, reason)
        case .expect(let e):
            expected = e
        }
        for requirement in testCase.requirements {
            if let reason = requirement.unmetReason(environment) { return finish(.skip, reason) }
        }
        if expected == .kernelOops && device.identity.isReference {
            // The reference device cannot oops; say what a real kernel would do instead of
            // pretending either way.
            return finish(.skip, "expected kernel oops on a real kernel (accel-core.md §9); the reference device cannot reproduce it",
                          expected: expected.description)
        }

        let traced = TracingDevice(device, recorder: recorder, catalog: driver.catalog)
        let context = CaseContext(device: traced, profile: profile, environment: environment, driver: driver,
                                  caseName: testCase.name, expected: expected)
        let outcome: CaseOutcome
        do {
            try testCase.body(context)
            outcome = finish(.pass, expected: expected.description, actual: expected.description)
        } catch CaseStop.skip(let reason) {
            outcome = finish(.skip, reason)
        } catch CaseStop.fail(let message, let exp, let act) {
            outcome = finish(.fail, message, expected: exp, actual: act)
        } catch let error as Errno {
            outcome = finish(.fail, "unexpected \(error.symbolicName)", expected: expected.description, actual: error.symbolicName)
        } catch {
            outcome = finish(.fail, "\(error)", expected: expected.description)
        }
        context.runTeardown()
        var final = outcome
        final.trace = recorder.events
        return final
    }
}
