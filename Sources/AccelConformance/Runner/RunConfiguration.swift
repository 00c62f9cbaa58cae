import Foundation

/// How a run executes: where cases run, limits, kernel-log and taint monitoring, baselines.
public struct RunConfiguration: Sendable {
    public enum Isolation: String, Sendable, CaseIterable {
        case worker
        case inprocess
    }

    public var resultsDirectory: URL
    public var isolation: Isolation
    /// Devices run in parallel, at most this many at a time.
    public var jobs: Int
    /// Seconds per case unless the case sets its own.
    public var defaultTimeout: Double
    public var graceSeconds: Double
    public var killWaitSeconds: Double
    public var signaller: WorkerProcess.Signaller
    public var dmesg: DmesgPolicy
    public var kmsgPath: String
    /// Root of the /proc tree read for `sys/kernel/tainted`.
    public var procRoot: String
    public var baselines: BaselineFiles
    /// Re-runs of an unexpected failure to tell a flake from a failure.
    public var flakeRetries: Int
    /// The runner binary that serves `worker`.
    public var workerExecutable: String
    /// KCIDB origin, ids and kernel facts for the report files.
    public var resultWriters: ResultWriterOptions

    public init(resultsDirectory: URL, isolation: Isolation = .worker, jobs: Int = 1, defaultTimeout: Double = 30,
                graceSeconds: Double = 2, killWaitSeconds: Double = 5,
                signaller: @escaping WorkerProcess.Signaller = WorkerProcess.killGroup,
                dmesg: DmesgPolicy = DmesgPolicy(), kmsgPath: String = "/dev/kmsg", procRoot: String = "/proc",
                baselines: BaselineFiles = BaselineFiles(), flakeRetries: Int = 1, workerExecutable: String,
                resultWriters: ResultWriterOptions = ResultWriterOptions()) {
        self.resultWriters = resultWriters
        self.resultsDirectory = resultsDirectory
        self.isolation = isolation
        self.jobs = jobs
        self.defaultTimeout = defaultTimeout
        self.graceSeconds = graceSeconds
        self.killWaitSeconds = killWaitSeconds
        self.signaller = signaller
        self.dmesg = dmesg
        self.kmsgPath = kmsgPath
        self.procRoot = procRoot
        self.baselines = baselines
        self.flakeRetries = flakeRetries
        self.workerExecutable = workerExecutable
    }
}

/// One device's share of the run.
public struct DevicePlan: Sendable {
    /// Index of the device in ``RunMetadata/devices``.
    public var index: Int
    public var device: any Device
    public var suite: any DriverSuite
    public var profile: KernelProfile
    /// Planned cases in order (repeats included), parallel to ``RunMetadata/DeviceRun/plan``.
    public var cases: [ConformanceCase]
    public var environment: CaseEnvironment
    /// Arguments after the executable that start a worker for this device.
    public var workerArguments: [String]
    /// The command that re-runs one case alone, minus the case selection.
    public var reproducerPrefix: String

    public init(index: Int, device: any Device, suite: any DriverSuite, profile: KernelProfile, cases: [ConformanceCase],
                environment: CaseEnvironment, workerArguments: [String], reproducerPrefix: String) {
        self.index = index
        self.device = device
        self.suite = suite
        self.profile = profile
        self.cases = cases
        self.environment = environment
        self.workerArguments = workerArguments
        self.reproducerPrefix = reproducerPrefix
    }
}

/// What the engine tells its caller while it runs (progress lines, notes).
public enum RunEvent: Sendable {
    case note(String)
    case caseStarted(device: String, name: CaseName, position: Int, total: Int)
    case caseFinished(record: CaseRecord, position: Int, total: Int)
}
