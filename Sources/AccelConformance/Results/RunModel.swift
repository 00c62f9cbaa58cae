import Foundation

/// The results folder's model, shared by the runner (which writes it) and every result
/// writer (which reads only this and device identity, never driver internals).
///
/// Layout of a results folder:
/// - `metadata.json`  — ``RunMetadata``
/// - `journal.jsonl`  — append-only, fsync'ed case events (started / finished)
/// - `cases/<case name>/trace.jsonl` — the decoded syscall trace of the case
/// - `cases/<case name>/dmesg.txt`   — the case's kernel-log slice, when captured
/// - `results.json`   — ``RunResults``, rebuilt from the journal at the end of a run
/// - writer outputs: `results.ktap`, `junit.xml`, `kcidb.json`, `results.csv`, `failures.csv`
public struct RunMetadata: Codable, Sendable, Equatable {
    public var toolVersion: String
    /// argv of the run, exactly as typed.
    public var commandLine: [String]
    public var seed: UInt64
    /// Human-readable selection summary (includes, excludes, test list, shard, hazards).
    public var selection: Selection
    public var devices: [DeviceRun]
    public var startTime: Date
    public var hostname: String

    public struct Selection: Codable, Sendable, Equatable {
        public var include: [String]
        public var exclude: [String]
        public var testList: String?
        public var shard: String?
        public var repeatCount: Int
        public var includeHazards: Bool
        public init(include: [String] = [], exclude: [String] = [], testList: String? = nil, shard: String? = nil,
                    repeatCount: Int = 1, includeHazards: Bool = false) {
            self.include = include
            self.exclude = exclude
            self.testList = testList
            self.shard = shard
            self.repeatCount = repeatCount
            self.includeHazards = includeHazards
        }
    }

    /// One selected device: its selector as given, identity and kernel profile.
    public struct DeviceRun: Codable, Sendable, Equatable {
        public var selector: String
        public var identity: DeviceIdentity
        public var profile: KernelProfile
        /// Case names planned on this device, in order.
        public var plan: [CaseName]
        public init(selector: String, identity: DeviceIdentity, profile: KernelProfile, plan: [CaseName]) {
            self.selector = selector
            self.identity = identity
            self.profile = profile
            self.plan = plan
        }
    }

    public init(toolVersion: String, commandLine: [String], seed: UInt64, selection: Selection,
                devices: [DeviceRun], startTime: Date, hostname: String) {
        self.toolVersion = toolVersion
        self.commandLine = commandLine
        self.seed = seed
        self.selection = selection
        self.devices = devices
        self.startTime = startTime
        self.hostname = hostname
    }
}

/// One case's final record: the outcome plus what reports need to explain it.
public struct CaseRecord: Codable, Sendable, Equatable {
    /// ``DeviceIdentity/name`` of the device it ran on.
    public var device: String
    public var ioctl: String
    public var tier: Tier
    public var rationale: String
    public var confidence: Confidence
    public var profile: String
    public var outcome: CaseOutcome
    /// The case's kernel-log slice, when captured.
    public var dmesg: String?
    /// Baseline verdict, when baselines were given.
    public var classification: Classification?
    /// The exact command that re-runs this case alone.
    public var reproducer: String
    /// Folder of the case's files relative to the results folder (`cases/<name>`; repeats and
    /// extra devices get a suffix). Nil in folders written before this field existed.
    public var directory: String?
    /// Statuses of the automatic re-runs of an unexpected failure (flake detection).
    public var reruns: [Status]?
    /// Seconds the case was allowed before the runner stopped it (its own timeout or the run's
    /// default); nil when no limit was enforced (in-process runs, cases that never ran).
    public var timeoutSeconds: Double?

    public init(device: String, ioctl: String, tier: Tier, rationale: String, confidence: Confidence, profile: String,
                outcome: CaseOutcome, dmesg: String? = nil, classification: Classification? = nil, reproducer: String,
                directory: String? = nil, reruns: [Status]? = nil, timeoutSeconds: Double? = nil) {
        self.timeoutSeconds = timeoutSeconds
        self.directory = directory
        self.reruns = reruns
        self.device = device
        self.ioctl = ioctl
        self.tier = tier
        self.rationale = rationale
        self.confidence = confidence
        self.profile = profile
        self.outcome = outcome
        self.dmesg = dmesg
        self.classification = classification
        self.reproducer = reproducer
    }
}

/// Everything a run produced, as result writers see it.
public struct RunResults: Codable, Sendable, Equatable {
    public var metadata: RunMetadata
    public var records: [CaseRecord]
    /// Why the run stopped early (oops/taint, a child that refused to die), if it did.
    public var abortReason: String?
    public var endTime: Date?

    public init(metadata: RunMetadata, records: [CaseRecord], abortReason: String? = nil, endTime: Date? = nil) {
        self.metadata = metadata
        self.records = records
        self.abortReason = abortReason
        self.endTime = endTime
    }
}
