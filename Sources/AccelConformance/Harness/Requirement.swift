/// A precondition checked before a case body runs (igt_require). An unmet requirement makes
/// the case a skip with the requirement's reason, never a failure.
public struct Requirement: Sendable, CustomStringConvertible {
    /// Short stable name shown by `list`: `root`, `workload`, …
    public let name: String
    /// Returns the skip reason when the requirement is not met.
    public let unmetReason: @Sendable (CaseEnvironment) -> String?

    public init(name: String, unmetReason: @escaping @Sendable (CaseEnvironment) -> String?) {
        self.name = name
        self.unmetReason = unmetReason
    }

    public var description: String { name }

    /// The case needs CAP_SYS_ADMIN (approximated as effective uid 0).
    public static let root = Requirement(name: "root") { env in
        env.isRoot ? nil : "needs root (CAP_SYS_ADMIN)"
    }

    /// The case drops to an unprivileged uid itself, which only root can do and undo.
    public static let canDropPrivileges = Requirement(name: "drop-privileges") { env in
        env.isRoot ? nil : "needs root to switch to an unprivileged uid and back"
    }

    /// The case needs a workload that really runs on the device (an optional fixture).
    public static let workload = Requirement(name: "workload") { env in
        env.workloadPath == nil ? "no workload fixture given (--workload)" : nil
    }
}

/// What the environment offers a case, independent of the device backend.
public struct CaseEnvironment: Sendable {
    public var isRoot: Bool
    /// Optional path to a workload fixture for rows that need real execution.
    public var workloadPath: String?
    /// Seed for any randomized input, logged with the run.
    public var seed: UInt64

    public init(isRoot: Bool, workloadPath: String? = nil, seed: UInt64 = 0) {
        self.isRoot = isRoot
        self.workloadPath = workloadPath
        self.seed = seed
    }
}
