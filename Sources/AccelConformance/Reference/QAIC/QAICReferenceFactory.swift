/// The qaic reference device as the registry sees it.
struct QAICReferenceFactory: ReferenceDeviceFactory {
    var driver: String { "qaic" }
    var profileIDs: [String] { QAICReferenceProfile.all.map(\.id) }
    var defaultProfileID: String { QAICReferenceProfile.defaultID }
    var profileAliases: [String: String] { QAICReferenceProfile.aliases }
    var faults: [ReferenceDevices.Fault] {
        QAICReferenceFault.allCases.map { ReferenceDevices.Fault(name: $0.rawValue, summary: $0.summary) }
    }

    func make(profileID: String, faults: Set<String>, completionLatency: Duration) -> any Device {
        guard let profile = QAICReferenceProfile.named(profileID) else {
            preconditionFailure("ReferenceDevices passed an unchecked profile '\(profileID)'")
        }
        return QAICReferenceDevice(profile: profile, faults: Set(faults.compactMap(QAICReferenceFault.init(rawValue:))),
                                   completionLatency: completionLatency)
    }
}
