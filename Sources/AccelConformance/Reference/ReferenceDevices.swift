import SystemPackage

/// The built-in software devices behind `reference:<driver>` selectors.
///
/// A reference device is a second, independent implementation of the spec. It never reads
/// the case tables (nothing under Drivers/ or Harness/ is used here), so a row cannot pass
/// by construction.
public enum ReferenceDevices {
    /// Every reference device, one factory each. Adding one is a new folder under Reference/
    /// and one line here.
    public static let factories: [any ReferenceDeviceFactory] = [
        QAICReferenceFactory(),
    ]

    public struct UnknownReference: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// One injectable fault: its stable name and what the faulty device does.
    public struct Fault: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public let summary: String
        public var description: String { "\(name): \(summary)" }

        public init(name: String, summary: String) {
            self.name = name
            self.summary = summary
        }
    }

    /// Driver names that have a reference device.
    public static var available: [String] { factories.map(\.driver) }

    static func factory(for driver: String) -> (any ReferenceDeviceFactory)? {
        factories.first { $0.driver == driver }
    }

    /// Kernel profile ids a driver's reference device emulates, oldest to newest.
    public static func profileIDs(for driver: String) -> [String] {
        factory(for: driver)?.profileIDs ?? []
    }

    /// The profile a driver's reference device emulates when none is given.
    public static func defaultProfileID(for driver: String) -> String? {
        factory(for: driver)?.defaultProfileID
    }

    /// The faults a driver's reference device can be built with.
    public static func faults(for driver: String) -> [Fault] {
        factory(for: driver)?.faults ?? []
    }

    /// Default time a simulated device takes to complete submitted work (qaic: an EXECUTE).
    public static let defaultCompletionLatency: Duration = .milliseconds(20)

    /// Creates the reference device for `driver` emulating kernel profile `profileID`
    /// (nil: its default), with the named faults injected.
    public static func make(driver: String, profileID: String?, faults: Set<String> = []) throws -> any Device {
        try make(driver: driver, profileID: profileID, faults: faults, completionLatency: defaultCompletionLatency)
    }

    /// As ``make(driver:profileID:faults:)``, with the simulated completion latency of submitted work.
    public static func make(driver: String, profileID: String?, faults: Set<String>,
                            completionLatency: Duration) throws -> any Device {
        guard let factory = factory(for: driver) else {
            throw UnknownReference(message: "no reference device for driver '\(driver)' (available: "
                                   + available.joined(separator: ", ") + ")")
        }
        let requested = profileID ?? factory.defaultProfileID
        let profile = factory.profileAliases[requested] ?? requested
        guard factory.profileIDs.contains(profile) else {
            throw UnknownReference(message: "reference:\(driver) has no kernel profile '\(profileID ?? "")' (valid: "
                                   + factory.profileIDs.joined(separator: ", ") + ")")
        }
        let valid = factory.faults.map(\.name)
        let unknown = faults.sorted().filter { !valid.contains($0) }
        guard unknown.isEmpty else {
            throw UnknownReference(message: "reference:\(driver) has no fault named "
                                   + unknown.map { "'\($0)'" }.joined(separator: ", ")
                                   + " (valid: " + valid.joined(separator: ", ") + ")")
        }
        guard completionLatency >= .zero else {
            throw UnknownReference(message: "reference:\(driver) completion latency must not be negative "
                                   + "(got \(completionLatency))")
        }
        return factory.make(profileID: profile, faults: faults, completionLatency: completionLatency)
    }
}
