import AccelConformance
import Foundation

/// Turns command-line options into resolved devices and plans, the same way for list, run,
/// resume, worker and benchmark.
struct PreparedDevice {
    var selector: String
    var device: any Device
    var suite: any DriverSuite
    var profile: KernelProfile
    /// Every case of the suite on the profile (before selection).
    var allCases: [ConformanceCase]
}

enum RunPreparation {
    /// The selector that names exactly this device again (worker, resume, reproducers).
    static func exactSelector(_ resolved: ResolvedDevice) -> String {
        resolved.device.identity.isReference ? resolved.selector : resolved.device.identity.name
    }

    static func devices(_ options: DeviceOptions) throws -> [PreparedDevice] {
        guard !options.device.isEmpty else {
            throw RunnerInputError("no device selected: give --device (e.g. --device reference:qaic or --device accel0)")
        }
        var prepared: [PreparedDevice] = []
        for selector in options.device {
            let resolved: [ResolvedDevice]
            do {
                resolved = try RunnerDevices.resolve(selector, roots: options.roots, referenceProfile: options.kernelProfile,
                                                     faults: Set(options.fault))
            } catch let error as RunnerInputError {
                throw error
            } catch {
                throw RunnerInputError("--device '\(selector)': \(error)")
            }
            for one in resolved {
                let suite = try RunnerDevices.suite(for: one.device.identity)
                let profile = try RunnerDevices.profile(for: suite, identity: one.device.identity, requested: options.kernelProfile)
                prepared.append(PreparedDevice(selector: exactSelector(one), device: one.device, suite: suite, profile: profile,
                                               allCases: RunnerDevices.cases(for: suite, profile: profile)))
            }
        }
        return prepared
    }

    /// What the engine runs on one device: its planned cases, the worker's command line and
    /// the reproducer prefix. `run` and `resume` both build it here, so a resumed run starts
    /// its workers exactly as the original did.
    static func devicePlan(index: Int, device: PreparedDevice, cases: [ConformanceCase], options: DeviceOptions,
                           seed: UInt64, workload: String?) -> DevicePlan {
        DevicePlan(index: index, device: device.device, suite: device.suite, profile: device.profile, cases: cases,
                   environment: environment(seed: seed, workload: workload),
                   workerArguments: workerArguments(device, options: options, seed: seed, workload: workload),
                   reproducerPrefix: reproducerPrefix(device, options: options, seed: seed))
    }

    static func workerArguments(_ device: PreparedDevice, options: DeviceOptions, seed: UInt64, workload: String?) -> [String] {
        var arguments = ["worker", "--device", device.selector, "--kernel-profile", device.profile.id, "--seed", "\(seed)",
                         "--sysfs-root", options.sysfsRoot, "--dev-root", options.devRoot, "--proc-root", options.procRoot]
        for fault in options.fault { arguments += ["--fault", fault] }
        if let workload { arguments += ["--workload", workload] }
        return arguments
    }

    static func reproducerPrefix(_ device: PreparedDevice, options: DeviceOptions, seed: UInt64) -> String {
        var words = ["conformance-runner", "run", "--device", device.selector, "--kernel-profile", device.profile.id,
                     "--seed", "\(seed)"]
        for fault in options.fault { words += ["--fault", fault] }
        return words.map(shellQuoted).joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        if !word.isEmpty && word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./:=,+@".contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func environment(seed: UInt64, workload: String?) -> CaseEnvironment {
        CaseEnvironment(isRoot: geteuid() == 0, workloadPath: workload, seed: seed)
    }

    /// The binary serving `worker`: this executable.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
