/// How reports nest a run: one section per device (named by its driver), then one group per
/// ioctl group, then the cases in plan order. KTAP and JUnit share this so their trees agree.
///
/// A section is named after the driver (`qaic`); when two devices share a driver, the
/// device's stable identity (PCI slot, else its name) is appended, never a node number.
/// Within a section a case `qaic.create_bo.size_zero` sits in group `create_bo`; cases of
/// other prefixes (the DRM-core tables, `core.version.*`) keep their full group `core.version`.
public struct ReportLayout: Sendable {
    public struct Entry: Sendable {
        public var name: CaseName
        /// nil when the case was planned but never reached (no record at all).
        public var record: CaseRecord?
        /// True when the case did not run: no record, or a record with status notrun.
        public var notRun: Bool { record == nil || record?.outcome.status == .notrun }
        public var status: Status { record?.outcome.status ?? .notrun }
    }

    public struct Group: Sendable {
        /// `create_bo`, or `core.version` for a group outside the section's driver prefix.
        public var name: String
        /// The case group as named in the case (`qaic.create_bo`): the JUnit classname.
        public var caseGroup: String
        public var entries: [Entry]
    }

    public struct Section: Sendable {
        /// `qaic`, or `qaic_0000_01_00_0` when several devices share a driver.
        public var name: String
        public var driver: String
        public var device: DeviceIdentity?
        public var deviceName: String
        public var profile: KernelProfile?
        public var groups: [Group]
        public var entries: [Entry] { groups.flatMap(\.entries) }
    }

    public var sections: [Section]

    public init(_ results: RunResults) {
        var sections: [Section] = []
        var claimed = Set<Int>()
        for device in results.metadata.devices {
            var entries: [Entry] = []
            var seen = Set<CaseName>()
            for name in device.plan where !seen.contains(name) {
                seen.insert(name)
                let matching = results.records.indices.filter {
                    !claimed.contains($0) && results.records[$0].device == device.identity.name
                        && results.records[$0].outcome.name == name
                }
                claimed.formUnion(matching)
                if matching.isEmpty {
                    entries.append(Entry(name: name, record: nil))
                } else {
                    entries += matching.map { Entry(name: name, record: results.records[$0]) }
                }
            }
            // Records the plan did not list (repeats, cases added by the runner) still count.
            for index in results.records.indices
            where !claimed.contains(index) && results.records[index].device == device.identity.name {
                claimed.insert(index)
                entries.append(Entry(name: results.records[index].outcome.name, record: results.records[index]))
            }
            let driver = device.identity.driverName ?? entries.first?.name.parts.first ?? "unknown"
            sections.append(Section(name: Self.slug(driver), driver: driver, device: device.identity,
                                    deviceName: device.identity.name, profile: device.profile,
                                    groups: Self.groups(entries, driver: driver)))
        }
        // Records of a device the metadata does not know: one section per such device.
        var orphans: [String: [Entry]] = [:]
        var orphanOrder: [String] = []
        for index in results.records.indices where !claimed.contains(index) {
            let record = results.records[index]
            if orphans[record.device] == nil { orphanOrder.append(record.device) }
            orphans[record.device, default: []].append(Entry(name: record.outcome.name, record: record))
        }
        for device in orphanOrder {
            let entries = orphans[device]!
            let driver = entries.first?.name.parts.first ?? "unknown"
            sections.append(Section(name: Self.slug(driver), driver: driver, device: nil, deviceName: device,
                                    profile: nil, groups: Self.groups(entries, driver: driver)))
        }
        // Disambiguate sections that share a driver by the device's stable identity.
        let counts = Dictionary(sections.map { ($0.name, 1) }, uniquingKeysWith: +)
        for index in sections.indices where counts[sections[index].name]! > 1 {
            sections[index].name += "_" + Self.slug(Self.stableDeviceName(sections[index]))
        }
        self.sections = sections
    }

    private static func stableDeviceName(_ section: Section) -> String {
        if case .pci(let pci)? = section.device?.bus { return pci.slot }
        return section.deviceName
    }

    private static func groups(_ entries: [Entry], driver: String) -> [Group] {
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for entry in entries {
            let caseGroup = entry.name.group
            var parts = entry.name.parts.dropLast()
            if parts.count >= 2, parts.first == driver { parts = parts.dropFirst() }
            let name = parts.joined(separator: ".")
            if let at = index[caseGroup] {
                groups[at].entries.append(entry)
            } else {
                index[caseGroup] = groups.count
                groups.append(Group(name: name, caseGroup: caseGroup, entries: [entry]))
            }
        }
        return groups
    }

    /// Lowercase `[a-z0-9_]`, every other character an underscore: safe as a KTAP description,
    /// a KCIDB id part, a JUnit classname part and a LAVA test case id.
    public static func slug(_ text: String) -> String {
        let mapped = text.lowercased().unicodeScalars.map { scalar -> Character in
            let v = scalar.value
            let ok = (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) || v == 0x5F
            return ok ? Character(scalar) : "_"
        }
        let result = String(mapped)
        return result.isEmpty ? "unknown" : result
    }
}
