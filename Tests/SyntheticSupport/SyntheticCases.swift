import AccelConformance
import Foundation
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Test-only cases that misbehave on purpose (segfault, hang, exit, flake, kernel warning,
/// oops, taint) so the isolated runner can be tested without a driver. They live in test
/// support, not in the product: only the test-support runner (Tests/SyntheticRunner) and the
/// test process register them (``SyntheticDevices/install()``); the selector is
/// `synthetic:runner`.
public enum SyntheticCases {
    /// Folder for cross-process state (the flake counter).
    public static let stateVariable = "ACCEL_CONFORMANCE_SYNTHETIC_STATE"
    /// Kernel-log fixture file the kmsg cases append to.
    public static let kmsgVariable = "ACCEL_CONFORMANCE_SYNTHETIC_KMSG"
    /// proc root whose `sys/kernel/tainted` the taint cases overwrite.
    public static let procVariable = "ACCEL_CONFORMANCE_SYNTHETIC_PROC"
    public static let selector = "synthetic:runner"

    static func environment(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }

    static func append(_ line: String, to path: String?) {
        guard let path, let handle = FileHandle(forWritingAtPath: path) else { return }
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        try? handle.close()
    }

    static let rows: [CaseTable.Row] = [
        .init("pass", expect: .success, "synthetic: always passes") { _ in },
        .init("fail", expect: .success, "synthetic: always fails") { ctx in
            try ctx.assert(false, "synthetic failure")
        },
        .init("skip", expect: .success, "synthetic: always skips") { ctx in
            try ctx.skip("synthetic skip")
        },
        .init("slow", expect: .success, "synthetic: passes after 200 ms") { _ in
            usleep(200_000)
        },
        .init("segfault", expect: .success, "synthetic: dies of SIGSEGV") { _ in
            raise(SIGSEGV)
        },
        .init("hang", expect: .success, "synthetic: never returns (touches hang.started in $\(stateVariable) first)",
              timeout: 1.0) { _ in
            if let folder = environment(stateVariable) {
                _ = FileManager.default.createFile(atPath: folder + "/hang.started", contents: nil)
            }
            while true { sleep(1000) }
        },
        .init("exit", expect: .success, "synthetic: calls exit(7) mid-case") { _ in
            exit(7)
        },
        .init("flaky", expect: .success, "synthetic: fails on odd runs, passes on even ones (state in $\(stateVariable))") { ctx in
            guard let folder = environment(stateVariable) else { try ctx.skip("no \(stateVariable)") }
            let counter = folder + "/flaky.count"
            let count = (Int((try? String(contentsOfFile: counter, encoding: .utf8)) ?? "0") ?? 0) + 1
            try "\(count)".write(toFile: counter, atomically: true, encoding: .utf8)
            try ctx.assert(count % 2 == 0, "synthetic flake: run \(count) fails")
        },
        .init("kernel_warn", expect: .success, "synthetic: passes but logs a kernel warning") { _ in
            append("4,100,1000,-;WARNING: CPU: 0 PID: 1 at drivers/accel/synthetic.c:1 synthetic_warn", to: environment(kmsgVariable))
        },
        .init("kernel_oops", expect: .success, "synthetic: logs an oops and taints the kernel D") { _ in
            append("1,101,1001,-;BUG: kernel NULL pointer dereference, address: 0000000000000018", to: environment(kmsgVariable))
            append("4,102,1002,-;Call Trace:", to: environment(kmsgVariable))
        },
        // What an oops in a hazard case looks like from user space: the kernel logs the oops
        // and kills the calling thread, but the worker process lingers without answering.
        .init("hang_after_oops", expect: .success, "synthetic: logs an oops, then never returns (default timeout)") { _ in
            append("1,103,1003,-;BUG: unable to handle page fault for address: ffffffffffffffe8", to: environment(kmsgVariable))
            append("4,104,1004,-;Oops: 0000 [#1] PREEMPT SMP NOPTI", to: environment(kmsgVariable))
            while true { sleep(1000) }
        },
        .init("hang_after_taint", expect: .success, "synthetic: sets the D taint (12416), then never returns") { _ in
            if let proc = environment(procVariable) {
                try "12416\n".write(toFile: proc + "/sys/kernel/tainted", atomically: false, encoding: .utf8)
            }
            while true { sleep(1000) }
        },
        .init("taint_die", expect: .success, "synthetic: sets the D taint (12416)") { _ in
            if let proc = environment(procVariable) {
                try "12416\n".write(toFile: proc + "/sys/kernel/tainted", atomically: false, encoding: .utf8)
            }
        },
        // Set a taint, then return only after the runner's 0.1 s poll has surely looked: the
        // poll sees the taint before the reply, where taint_die's reply comes first.
        .init("slow_taint_die", expect: .success, "synthetic: sets the D taint (12416), returns 0.5 s later") { _ in
            if let proc = environment(procVariable) {
                try "12416\n".write(toFile: proc + "/sys/kernel/tainted", atomically: false, encoding: .utf8)
            }
            usleep(500_000)
        },
        .init("slow_taint_warn", expect: .success, "synthetic: sets the W taint (12800), returns 0.5 s later") { _ in
            if let proc = environment(procVariable) {
                try "12800\n".write(toFile: proc + "/sys/kernel/tainted", atomically: false, encoding: .utf8)
            }
            usleep(500_000)
        },
        .init("taint_benign", expect: .success, "synthetic: sets O and E taints only (12288)") { _ in
            if let proc = environment(procVariable) {
                try "12288\n".write(toFile: proc + "/sys/kernel/tainted", atomically: false, encoding: .utf8)
            }
        },
        .init("hazard", expect: .success, "synthetic: a hazard-tier row", tier: .hazard) { _ in },
    ]

    public static let table = CaseTable(group: "runner.synthetic", ioctl: "none", rows: rows)
}

/// The driver side of the synthetic device: one table, one profile.
public struct SyntheticSuite: DriverSuite {
    public init() {}
    public var driverName: String { "synthetic" }
    public var casePrefix: String { "runner" }
    public static let profile = KernelProfile(id: "synthetic", order: 0, title: "synthetic runner cases")
    public var profiles: [KernelProfile] { [Self.profile] }
    public func profile(for release: KernelRelease?) -> KernelProfile { Self.profile }
    public var catalog: IoctlCatalog { IoctlCatalog() }
    public var tables: [CaseTable] { [SyntheticCases.table] }
    public var core: CoreCapabilities {
        CoreCapabilities(createBuffer: nil, mmapOffset: nil, driverIoctlCount: { _ in 0 }, syncobj: false,
                         versionDescription: "synthetic", versionDate: { _ in "0" })
    }
}

/// A device nothing can open: synthetic cases never touch it.
public final class SyntheticDevice: Device {
    public let identity = DeviceIdentity(name: SyntheticCases.selector, kernelDriver: "synthetic",
                                         kernelRelease: "0.0-synthetic", isReference: true)
    public init() {}
    public func open(_ flags: OpenFlags) throws(Errno) -> any DeviceFile { throw Errno(rawValue: ENODEV) }
}

/// The synthetic device as the runner sees it: `synthetic:runner` resolves to it, and its
/// suite runs only the synthetic table (it has no DRM-core contract to check).
public struct SyntheticDevices: AddedDevices {
    public init() {}

    private static let installed: Void = RunnerDevices.add(SyntheticDevices())

    /// Registers the synthetic device with the runner, once per process.
    public static func install() {
        _ = installed
    }

    public func resolve(_ selector: String) -> [ResolvedDevice]? {
        selector == SyntheticCases.selector ? [ResolvedDevice(selector: selector, device: SyntheticDevice())] : nil
    }

    public func suite(for identity: DeviceIdentity) -> (any DriverSuite)? {
        identity.kernelDriver == "synthetic" && identity.name == SyntheticCases.selector ? SyntheticSuite() : nil
    }

    public func cases(for suite: any DriverSuite, profile: KernelProfile) -> [ConformanceCase]? {
        suite is SyntheticSuite ? suite.tables.flatMap { $0.cases(for: profile) } : nil
    }
}
