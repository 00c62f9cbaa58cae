/// What changed between two runs (`compare A B`), per device: the question after every
/// kernel bump. A case is matched by device and name (a repeated case by its occurrence).
///
/// Devices are matched by name; when names differ (a reference run against a VM run, two
/// boards) the devices left over are paired by driver, so `reference:qaic` meets `accel0`.
/// A device still without partner is compared with nothing: all its cases are new or removed.
public struct RunComparison: Sendable {
    /// One case whose status differs between the runs.
    public struct Change: Sendable, Equatable {
        public var name: CaseName
        /// nil: the case is not in that run.
        public var before: Status?
        public var after: Status?
        /// The baseline classification in B, when B was run with baselines.
        public var classification: Classification?
        /// B's explanation (expected vs actual, message), for a case that fails in B.
        public var detail: String?
    }

    public struct DeviceChanges: Sendable {
        /// `reference:qaic`, or `reference:qaic -> accel0` when the names differ.
        public var label: String
        public var before: String?
        public var after: String?
        /// Did not fail (pass, skip) in A, fails in B (fail, crash, timeout, dmesg-*, …).
        public var regressions: [Change] = []
        /// Failed in A, passes in B.
        public var fixes: [Change] = []
        /// Only in B.
        public var new: [Change] = []
        /// Only in A.
        public var removed: [Change] = []
        /// Any other status change (fail → crash, pass → skip, …).
        public var other: [Change] = []
        /// Cases in both runs with the same status.
        public var unchanged = 0

        public var isEmpty: Bool { regressions.isEmpty && fixes.isEmpty && new.isEmpty && removed.isEmpty && other.isEmpty }
    }

    public var devices: [DeviceChanges]
    public var regressionCount: Int { devices.reduce(0) { $0 + $1.regressions.count } }

    public init(_ a: RunResults, _ b: RunResults) {
        let left = Self.byDevice(a)
        let right = Self.byDevice(b)
        var pairs: [(String?, String?)] = []
        var unmatchedRight = right.order.filter { left.records[$0] == nil }
        var unmatchedLeft: [String] = []
        for device in left.order {
            if right.records[device] != nil { pairs.append((device, device)) } else { unmatchedLeft.append(device) }
        }
        for device in unmatchedLeft {
            let driver = left.drivers[device]
            if let at = unmatchedRight.firstIndex(where: { right.drivers[$0] == driver && driver != nil }) {
                pairs.append((device, unmatchedRight.remove(at: at)))
            } else {
                pairs.append((device, nil))
            }
        }
        for device in unmatchedRight { pairs.append((nil, device)) }
        devices = pairs.map { before, after in
            Self.compare(before.flatMap { left.records[$0] } ?? [], after.flatMap { right.records[$0] } ?? [],
                         before: before, after: after)
        }
    }

    private struct Grouped {
        var order: [String] = []
        var records: [String: [CaseRecord]] = [:]
        var drivers: [String: String] = [:]
    }

    private static func byDevice(_ results: RunResults) -> Grouped {
        var grouped = Grouped()
        for device in results.metadata.devices where grouped.records[device.identity.name] == nil {
            grouped.order.append(device.identity.name)
            grouped.records[device.identity.name] = []
            grouped.drivers[device.identity.name] = device.identity.driverName
        }
        for record in results.records {
            if grouped.records[record.device] == nil {
                grouped.order.append(record.device)
                grouped.drivers[record.device] = record.outcome.name.parts.first
            }
            grouped.records[record.device, default: []].append(record)
        }
        return grouped
    }

    /// Key of a record: its name and which occurrence of that name it is (repeats).
    private static func keyed(_ records: [CaseRecord]) -> [(key: String, record: CaseRecord)] {
        var seen: [CaseName: Int] = [:]
        return records.map { record in
            let count = seen[record.outcome.name, default: 0]
            seen[record.outcome.name] = count + 1
            return (count == 0 ? record.outcome.name.description : "\(record.outcome.name)#\(count + 1)", record)
        }
    }

    private static func compare(_ a: [CaseRecord], _ b: [CaseRecord], before: String?, after: String?) -> DeviceChanges {
        let label = before == after || after == nil ? (before ?? after ?? "?") : before.map { "\($0) -> \(after!)" } ?? after!
        var changes = DeviceChanges(label: label, before: before, after: after)
        let left = keyed(a)
        let right = keyed(b)
        let leftByKey = Dictionary(left.map { ($0.key, $0.record) }, uniquingKeysWith: { first, _ in first })
        let rightKeys = Set(right.map(\.key))
        for (key, record) in right {
            let status = record.outcome.status
            let change = Change(name: record.outcome.name, before: leftByKey[key]?.outcome.status, after: status,
                                classification: record.classification,
                                detail: status.isFailure ? FailureText.summary(record) : nil)
            guard let previous = change.before else {
                changes.new.append(change)
                continue
            }
            if previous == status {
                changes.unchanged += 1
            } else if isRegression(from: previous, to: status) {
                changes.regressions.append(change)
            } else if previous.isFailure && status == .pass {
                changes.fixes.append(change)
            } else {
                changes.other.append(change)
            }
        }
        for (key, record) in left where !rightKeys.contains(key) {
            changes.removed.append(Change(name: record.outcome.name, before: record.outcome.status, after: nil,
                                          classification: nil, detail: nil))
        }
        return changes
    }

    /// A case that did not fail (pass or skip; a case never reached says nothing) fails now.
    public static func isRegression(from before: Status, to after: Status) -> Bool {
        (before == .pass || before == .skip) && after.isFailure
    }
}
