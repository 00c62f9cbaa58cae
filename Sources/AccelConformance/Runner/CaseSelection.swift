/// Which cases of a device's table set are planned, and in which order: includes, excludes,
/// a test list, the hazard tier, baseline skips, the shard and repeats.
public struct CaseSelection: Sendable {
    public var include: [CasePattern]
    public var exclude: [CasePattern]
    /// Path of a test list; its names are checked against the cases when planning.
    public var testListPath: String?
    public var includeHazards: Bool
    /// Regexes of cases never to run (the drm-ci skips file).
    public var skips: [CasePattern]
    public var shard: Shard?
    public var repeatCount: Int

    public init(include: [CasePattern] = [], exclude: [CasePattern] = [], testListPath: String? = nil,
                includeHazards: Bool = false, skips: [CasePattern] = [], shard: Shard? = nil, repeatCount: Int = 1) {
        self.include = include
        self.exclude = exclude
        self.testListPath = testListPath
        self.includeHazards = includeHazards
        self.skips = skips
        self.shard = shard
        self.repeatCount = repeatCount
    }

    /// The plan: cases in table order, filtered, sharded, then the whole list repeated.
    public func plan(_ cases: [ConformanceCase]) throws(RunnerInputError) -> [ConformanceCase] {
        var listed: Set<String>?
        if let testListPath {
            let list = try TestList(path: testListPath, known: Set(cases.map(\.name.description)))
            listed = Set(list.names)
        }
        let names = cases.map(\.name.description)
        for pattern in include + exclude + skips { try pattern.check(against: names) }
        let chosen = cases.filter { testCase in
            let name = testCase.name.description
            if testCase.tier == .hazard && !includeHazards { return false }
            if let listed, !listed.contains(name) { return false }
            if !include.isEmpty && !include.contains(where: { $0.matches(name) }) { return false }
            if exclude.contains(where: { $0.matches(name) }) { return false }
            if skips.contains(where: { $0.matches(name) }) { return false }
            return true
        }
        let sharded = shard?.select(chosen) ?? chosen
        return Array(repeating: sharded, count: max(1, repeatCount)).flatMap { $0 }
    }

    /// The summary recorded in ``RunMetadata``.
    public var summary: RunMetadata.Selection {
        RunMetadata.Selection(include: include.map(\.text), exclude: exclude.map(\.text), testList: testListPath,
                              shard: shard?.description, repeatCount: repeatCount, includeHazards: includeHazards)
    }
}
