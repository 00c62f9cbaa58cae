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

    /// Driver names that have a reference device.
    public static let available = ["qaic"]

    /// Creates the reference device for `driver` emulating kernel profile `profileID`
    /// (nil: its default), with the named faults injected.
    public static func make(driver: String, profileID: String?, faults: Set<String> = []) throws -> any Device {
        throw UnknownReference(message: "no reference device for driver '\(driver)' (available: \(available.joined(separator: ", ")))")
    }
}
