import Foundation

/// KCIDB v5.3 (conventions.md §5): one checkout per kernel release, one build per checkout,
/// one test per case. Status mapping: see ``StatusMapping`` (the original status always
/// travels in `misc.original_status`). Nothing is ever `null`: unknown fields are left out.
///
/// Ids: `<origin>:<run id>:checkout:<release>`, `…:build:<release>`,
/// `…:test:<device>:<case name>` (`:2`, `:3`… for repeats). Paths: `<suite>.<case name>`,
/// e.g. `accel_conformance.qaic.create_bo.size_zero`; the suite name is configurable because
/// KernelCI's tests.yaml must list it before dashboards show it.
public enum KCIDBWriter {
    public struct InvalidOption: Error, CustomStringConvertible {
        public let option: String
        public let value: String
        public let rule: String
        public var description: String { "invalid KCIDB \(option) '\(value)': must match \(rule)" }
    }

    public static let logExcerptLimit = 16384

    public static func document(_ results: RunResults, options: ResultWriterOptions) throws(InvalidOption) -> String {
        try object(results, options: options).serialized(pretty: true) + "\n"
    }

    public static func object(_ results: RunResults, options: ResultWriterOptions) throws(InvalidOption) -> JSONValue {
        let origin = options.kcidbOrigin
        guard matches(origin, "^[a-z0-9_]+$") else { throw InvalidOption(option: "origin", value: origin, rule: "^[a-z0-9_]+$") }
        guard matches(options.kcidbSuite, "^[a-zA-Z0-9_-]+$") else {
            throw InvalidOption(option: "suite", value: options.kcidbSuite, rule: "^[a-zA-Z0-9_-]+$")
        }
        let kernel = options.kernel
        if let hash = kernel.commitHash, !matches(hash, "^[0-9a-f]{40}$") {
            throw InvalidOption(option: "commit hash", value: hash, rule: "^[0-9a-f]{40}$")
        }
        if let url = kernel.repositoryURL, !url.hasPrefix("https://") {
            throw InvalidOption(option: "repository URL", value: url, rule: "^https://")
        }
        let architecture = kernel.architecture ?? hostArchitecture()
        guard matches(architecture, "^[a-z0-9_]*$") else {
            throw InvalidOption(option: "architecture", value: architecture, rule: "^[a-z0-9_]*$")
        }
        let run = options.kcidbRunID ?? defaultRunID(results.metadata)
        let prefix = "\(origin):\(run)"
        let layout = ReportLayout(results)

        // Kernel releases in device order; a record from an unknown device uses the first.
        var releases: [String] = []
        for device in results.metadata.devices where !releases.contains(device.identity.kernelRelease) {
            releases.append(device.identity.kernelRelease)
        }
        if releases.isEmpty { releases = ["unknown"] }
        let checkoutID = { (release: String) in "\(prefix):checkout:\(release)" }
        let buildID = { (release: String) in "\(prefix):build:\(release)" }

        let start = rfc3339(results.metadata.startTime)
        let checkouts: [JSONValue] = releases.map { release in
            fields([
                ("id", .string(checkoutID(release))), ("origin", .string(origin)),
                ("tree_name", kernel.treeName.map(JSONValue.string)),
                ("git_repository_url", kernel.repositoryURL.map(JSONValue.string)),
                ("git_repository_branch", kernel.branch.map(JSONValue.string)),
                ("git_commit_hash", kernel.commitHash.map(JSONValue.string)),
                ("start_time", .string(start)),
                ("misc", ["kernel_release": .string(release)]),
            ])
        }
        let builds: [JSONValue] = releases.map { release in
            fields([
                ("id", .string(buildID(release))), ("origin", .string(origin)),
                ("checkout_id", .string(checkoutID(release))),
                ("architecture", architecture.isEmpty ? nil : .string(architecture)),
                ("config_name", kernel.configName.map(JSONValue.string)),
                ("misc", ["kernel_release": .string(release)]),
            ])
        }

        var tests: [JSONValue] = []
        var usedIDs: [String: Int] = [:]
        for section in layout.sections {
            let release = section.device?.kernelRelease ?? releases[0]
            let environment = self.environment(section, hostname: results.metadata.hostname)
            for entry in section.entries {
                var id = "\(prefix):test:\(ReportLayout.slug(section.deviceName)):\(entry.name)"
                let repeatIndex = (usedIDs[id] ?? 0) + 1
                usedIDs[id] = repeatIndex
                if repeatIndex > 1 { id += ":\(repeatIndex)" }
                tests.append(test(entry, id: id, origin: origin, buildID: buildID(release), suite: options.kcidbSuite,
                                  environment: environment, results: results, section: section))
            }
        }
        return [
            "version": ["major": 5, "minor": 3],
            "checkouts": .array(checkouts),
            "builds": .array(builds),
            "tests": .array(tests),
        ]
    }

    private static func test(_ entry: ReportLayout.Entry, id: String, origin: String, buildID: String, suite: String,
                             environment: JSONValue, results: RunResults, section: ReportLayout.Section) -> JSONValue {
        let record = entry.record
        let status = entry.status
        var misc: [(String, JSONValue?)] = [
            ("original_status", .string(status.rawValue)),
            ("seed", .uint(results.metadata.seed)),
            ("reproducer", record.map { .string($0.reproducer) }),
            ("kernel_profile", (record?.profile ?? section.profile?.id).map(JSONValue.string)),
            ("tool_version", .string(results.metadata.toolVersion)),
        ]
        var ran = false
        var logExcerpt: String?
        var comment: String?
        if let record, !entry.notRun {
            ran = true
            misc += [
                ("ioctl", .string(record.ioctl)), ("tier", .string(record.tier.rawValue)),
                ("confidence", .string(record.confidence.rawValue)),
                ("expected", record.outcome.expected.map(JSONValue.string)),
                ("actual", record.outcome.actual.map(JSONValue.string)),
                ("classification", record.classification.map { .string($0.rawValue) }),
            ]
            if status != .pass {
                logExcerpt = FailureText.excerpt(record, limit: logExcerptLimit)
                comment = FailureText.clip(FailureText.summary(record), limit: 1000)
            }
        } else {
            comment = "not run" + (results.abortReason.map { ": " + $0 } ?? "")
        }
        return fields([
            ("id", .string(id)), ("origin", .string(origin)), ("build_id", .string(buildID)),
            ("path", .string("\(suite).\(entry.name)")),
            ("status", .string(StatusMapping.kcidb(status))),
            ("comment", comment.map(JSONValue.string)),
            ("start_time", ran ? record.map { .string(rfc3339($0.outcome.startTime)) } : nil),
            ("duration", ran ? record.map { .double(max(0, $0.outcome.duration)) } : nil),
            ("environment", environment),
            ("log_excerpt", logExcerpt.map(JSONValue.string)),
            ("misc", fields(misc)),
        ])
    }

    /// The device identity, minus anything that could be private: no module parameters, no
    /// notes, no command line (that is in the reproducer, which names only the device).
    private static func environment(_ section: ReportLayout.Section, hostname: String) -> JSONValue {
        var misc: [(String, JSONValue?)] = [("device", .string(section.deviceName)), ("driver", .string(section.driver))]
        if let identity = section.device {
            misc += [
                ("device_path", identity.devicePath.map(JSONValue.string)),
                ("kernel_driver", identity.kernelDriver.map(JSONValue.string)),
                ("kernel_release", .string(identity.kernelRelease)),
                ("taint", identity.taint.map(JSONValue.uint)),
                ("reference_device", .bool(identity.isReference)),
                ("kernel_profile", section.profile.map { .string($0.id) }),
            ]
            if let version = identity.drmVersion {
                misc.append(("drm_version", [
                    "name": .string(version.name), "date": .string(version.date),
                    "major": .int(Int64(version.major)), "minor": .int(Int64(version.minor)),
                    "patchlevel": .int(Int64(version.patchLevel)),
                ]))
            }
            switch identity.bus {
            case .pci(let pci)?:
                misc.append(("pci", fields([
                    ("slot", .string(pci.slot)), ("vendor", .string(hex16(pci.vendor))),
                    ("device", .string(hex16(pci.device))),
                    ("subsystem_vendor", pci.subsystemVendor.map { .string(hex16($0)) }),
                    ("subsystem_device", pci.subsystemDevice.map { .string(hex16($0)) }),
                ])))
            case .platform(let name)?:
                misc.append(("platform_device", .string(name)))
            case nil:
                break
            }
            if let module = identity.module {
                misc.append(("module", fields([
                    ("name", .string(module.name)), ("version", module.version.map(JSONValue.string)),
                    ("srcversion", module.srcversion.map(JSONValue.string)),
                ])))
            }
        }
        return ["comment": .string("\(section.deviceName) (\(section.driver)) on \(hostname)"), "misc": fields(misc)]
    }

    /// An object of the fields that have a value, in the given order.
    static func fields(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// `run_<start, UTC, seconds>_<seed hex>`: stable when the same results are written again,
    /// so a resubmission merges into the same objects instead of duplicating them.
    public static func defaultRunID(_ metadata: RunMetadata) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss"
        return "run_\(formatter.string(from: metadata.startTime))_\(String(metadata.seed, radix: 16))"
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private static func hex16(_ value: UInt16) -> String { String(format: "0x%04x", value) }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }

    private static func hostArchitecture() -> String {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return ReportLayout.slug(machine)
    }
}
