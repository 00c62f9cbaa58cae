import AccelConformance
import Foundation

/// A hand-made run covering every Status, a DRM-core case, a baseline-expected failure, a
/// planned case that never ran, and text that needs escaping in every format.
enum ResultFixtures {
    static let start = Date(timeIntervalSince1970: 1_764_000_000)

    static let identity = DeviceIdentity(
        name: "accel0", devicePath: "/dev/accel/accel0", sysfsPath: "/sys/devices/pci0000:00/0000:01:00.0",
        kernelDriver: "qaic",
        drmVersion: .init(name: "qaic", description: "Qualcomm Cloud AI Accelerators", date: "0", major: 0, minor: 0, patchLevel: 0),
        bus: .pci(.init(slot: "0000:01:00.0", vendor: 0x17cb, device: 0xa100)),
        module: .init(name: "qaic", parameters: ["secret_param": "do-not-leak"]),
        kernelRelease: "6.12.117+deb12-amd64", taint: 0, notes: ["hidden note"])

    static let profile = KernelProfile(id: "6.12-debian", order: 4, title: "Debian 6.12")

    static func name(_ text: String) -> CaseName { try! CaseName(text) }

    static let trace: [TraceEvent] = [
        TraceEvent(syscall: .open, fd: 3, path: "/dev/accel/accel0", flags: 0o2000002, result: 0),
        TraceEvent(syscall: .ioctl, fd: 3, ioctl: "QAIC_CREATE_BO", request: "0xC0106441",
                   in: ["size": 0, "handle": 0, "pad": 0], out: ["size": 0, "handle": 0, "pad": 0], result: 0),
        TraceEvent(syscall: .close, fd: 3, result: 0),
    ]

    static func record(_ caseName: String, _ status: Status, message: String? = nil, expected: String? = nil,
                       actual: String? = nil, duration: Double = 0.004, dmesg: String? = nil,
                       classification: Classification? = nil, trace: [TraceEvent] = []) -> CaseRecord {
        let n = name(caseName)
        return CaseRecord(device: "accel0", ioctl: n.parts.count > 2 ? n.parts[1].uppercased() : "VERSION", tier: .basic,
                          rationale: "qaic-uapi.md §2", confidence: .verified, profile: profile.id,
                          outcome: CaseOutcome(name: n, status: status, message: message, expected: expected, actual: actual,
                                               startTime: start.addingTimeInterval(1), duration: duration, trace: trace),
                          dmesg: dmesg, classification: classification,
                          reproducer: "conformance-runner run --device pci:slot=0000:01:00.0 --profile 6.12-debian --seed 42 --run \(caseName)")
    }

    /// Every status once, plus extras; `unrunPlanned` is planned and has no record.
    static func results(classified: Bool = false) -> RunResults {
        let records = [
            record("core.version.basic", .pass),
            record("qaic.create_bo.valid", .pass, trace: trace),
            record("qaic.create_bo.size_zero", .fail, message: "size 0 <must> be \"rejected\" & 'logged'\u{1}",
                   expected: "EINVAL", actual: "0", trace: trace),
            record("qaic.create_bo.huge", .skip, message: "needs 64 GiB # of memory"),
            record("qaic.mmap_bo.bad_handle", .crash, message: "worker killed by signal 11"),
            record("qaic.wait_bo.forever", .timeout, message: "no answer", duration: 29.6),
            record("qaic.wait_bo.in_flight", .incomplete),
            record("qaic.execute_bo.warn", .dmesgWarn, dmesg: "[  12.3] WARNING: CPU: 0 at qaic_data.c:100"),
            record("qaic.execute_bo.warn_fail", .dmesgFail, message: "wrong errno", expected: "EINVAL", actual: "EFAULT",
                   dmesg: "[  12.4] BUG: something"),
            record("qaic.execute_bo.not_reached", .notrun),
            record("qaic.detach_slice_bo.aborted", .abort, message: "kernel tainted D"),
            record("qaic.manage.known_bad", .fail, expected: "EINVAL", actual: "EFAULT",
                   classification: classified ? .expectedFail : nil),
        ]
        var plan = records.map(\.outcome.name)
        plan.insert(name("qaic.execute_bo.unrun_planned"), at: 9)
        let metadata = RunMetadata(
            toolVersion: ToolVersion.string, commandLine: ["conformance-runner", "run", "--device", "pci:slot=0000:01:00.0"],
            seed: 42, selection: .init(), devices: [.init(selector: "pci:slot=0000:01:00.0", identity: identity, profile: profile, plan: plan)],
            startTime: start, hostname: "lab-board-07")
        return RunResults(metadata: metadata, records: records, abortReason: "kernel tainted D after qaic.detach_slice_bo.aborted",
                          endTime: start.addingTimeInterval(60))
    }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("accel-results-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository root, from this file's location.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Writes results.json the way a runner would, so folder readers and validators have it.
    static func writeResultsJSON(_ results: RunResults, to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(results).write(to: directory.appendingPathComponent("results.json"))
    }

    struct ProcessResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    currentDirectory: URL? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

extension ResultFixtures {
    /// conformance-runner in the same build folder as the test bundle.
    static var runnerBinary: URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("conformance-runner")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("conformance-runner")
    }
}
