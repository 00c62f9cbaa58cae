import SystemPackage

/// The built-in software devices behind `reference:<driver>` selectors.
///
/// A reference device is a second, independent implementation of the spec. It never reads
/// the case tables (nothing under Drivers/ or Harness/ is used here), so a row cannot pass
/// by construction.
public enum ReferenceDevices {
    public struct UnknownReference: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// One injectable fault: its stable name and what the faulty device does.
    public struct Fault: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public let summary: String
        public var description: String { "\(name): \(summary)" }
    }

    /// Driver names that have a reference device.
    public static let available = ["qaic"]

    /// Kernel profile ids a driver's reference device emulates, oldest to newest.
    public static func profileIDs(for driver: String) -> [String] {
        driver == "qaic" ? QAICReferenceProfile.all.map(\.id) : []
    }

    /// The profile a driver's reference device emulates when none is given.
    public static func defaultProfileID(for driver: String) -> String? {
        driver == "qaic" ? QAICReferenceProfile.defaultID : nil
    }

    /// The faults a driver's reference device can be built with.
    public static func faults(for driver: String) -> [Fault] {
        guard driver == "qaic" else { return [] }
        return QAICReferenceFault.allCases.map { Fault(name: $0.rawValue, summary: $0.summary) }
    }

    /// Default time the simulated qaic device takes to complete an EXECUTE.
    public static let defaultCompletionLatency: Duration = .milliseconds(20)

    /// Creates the reference device for `driver` emulating kernel profile `profileID`
    /// (nil: its default), with the named faults injected.
    public static func make(driver: String, profileID: String?, faults: Set<String> = []) throws -> any Device {
        try make(driver: driver, profileID: profileID, faults: faults, completionLatency: defaultCompletionLatency)
    }

    /// As ``make(driver:profileID:faults:)``, with the simulated completion latency of EXECUTE.
    public static func make(driver: String, profileID: String?, faults: Set<String>,
                            completionLatency: Duration) throws -> any Device {
        guard driver == "qaic" else {
            throw UnknownReference(message: "no reference device for driver '\(driver)' (available: \(available.joined(separator: ", ")))")
        }
        guard let profile = QAICReferenceProfile.named(profileID) else {
            throw UnknownReference(message: "reference:qaic has no kernel profile '\(profileID ?? "")' (valid: "
                                   + QAICReferenceProfile.all.map(\.id).joined(separator: ", ") + ")")
        }
        var selected: Set<QAICReferenceFault> = []
        var unknown: [String] = []
        for name in faults.sorted() {
            if let fault = QAICReferenceFault(rawValue: name) { selected.insert(fault) } else { unknown.append(name) }
        }
        guard unknown.isEmpty else {
            throw UnknownReference(message: "reference:qaic has no fault named " + unknown.map { "'\($0)'" }.joined(separator: ", ")
                                   + " (valid: " + QAICReferenceFault.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        guard completionLatency >= .zero else {
            throw UnknownReference(message: "reference:qaic completion latency must not be negative (got \(completionLatency))")
        }
        return QAICReferenceDevice(profile: profile, faults: selected, completionLatency: completionLatency)
    }
}
