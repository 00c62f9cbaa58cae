/// What a driver's reference device offers the registry in ``ReferenceDevices``: the kernel
/// profiles it emulates, the faults it can inject, and a way to build it. Adding a reference
/// device is one conforming type next to the device and one line in the registry.
public protocol ReferenceDeviceFactory: Sendable {
    /// The DRM driver name the device emulates (`reference:<driver>`).
    var driver: String { get }
    /// Kernel profile ids it emulates, oldest to newest.
    var profileIDs: [String] { get }
    /// The profile it emulates when none is given; one of ``profileIDs``.
    var defaultProfileID: String { get }
    /// Old profile ids still accepted, each naming one of ``profileIDs``.
    var profileAliases: [String: String] { get }
    /// The faults it can be built with.
    var faults: [ReferenceDevices.Fault] { get }
    /// Builds the device. The registry has checked `profileID` against ``profileIDs``, every
    /// fault name against ``faults`` and the latency for sign.
    func make(profileID: String, faults: Set<String>, completionLatency: Duration) -> any Device
}

extension ReferenceDeviceFactory {
    public var profileAliases: [String: String] { [:] }
}
