/// One table per ioctl, kselftest FIXTURE_VARIANT style: every row a stable name, its inputs
/// (captured by the body), the expected outcome per kernel profile and a one-line rationale.
public struct CaseTable: Sendable {
    /// Dotted group: `qaic.create_bo`.
    public let group: String
    /// The uapi operation the table covers.
    public let ioctl: String
    public let rows: [Row]

    public init(group: String, ioctl: String, rows: [Row]) {
        self.group = group
        self.ioctl = ioctl
        self.rows = rows
    }

    public struct Row: Sendable {
        public let name: String
        public let expectation: ProfileExpectation
        public let rationale: String
        public let tier: Tier
        public let requirements: [Requirement]
        public let confidence: Confidence
        public let timeout: Double?
        public let body: @Sendable (CaseContext) throws -> Void

        public init(_ name: String, expect expectation: ProfileExpectation, _ rationale: String,
                    tier: Tier = .basic, requires requirements: [Requirement] = [],
                    confidence: Confidence = .verified, timeout: Double? = nil,
                    body: @escaping @Sendable (CaseContext) throws -> Void) {
            self.name = name
            self.expectation = expectation
            self.rationale = rationale
            self.tier = tier
            self.requirements = requirements
            self.confidence = confidence
            self.timeout = timeout
            self.body = body
        }

        public init(_ name: String, expect expected: Expected, _ rationale: String,
                    tier: Tier = .basic, requires requirements: [Requirement] = [],
                    confidence: Confidence = .verified, timeout: Double? = nil,
                    body: @escaping @Sendable (CaseContext) throws -> Void) {
            self.init(name, expect: .always(expected), rationale, tier: tier, requires: requirements,
                      confidence: confidence, timeout: timeout, body: body)
        }
    }

    /// The rows as cases for `profile`. Row names are validated here; a bad name is a
    /// programming error in a table and stops the suite at once.
    public func cases(for profile: KernelProfile) -> [ConformanceCase] {
        rows.map { row in
            let name: CaseName
            do {
                name = try CaseName("\(group).\(row.name)")
            } catch {
                preconditionFailure("table \(group): \(error)")
            }
            return ConformanceCase(name: name, ioctl: ioctl, tier: row.tier, requirements: row.requirements,
                                   resolution: row.expectation.resolve(profile), rationale: row.rationale,
                                   confidence: row.confidence, timeout: row.timeout, body: row.body)
        }
    }
}
