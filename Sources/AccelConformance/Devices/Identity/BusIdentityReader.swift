/// Reads the bus identity (PCI ids and slot, or the platform device name) of an accel
/// device's parent from its sysfs directory.
enum BusIdentityReader {
    /// `parentPath` is the resolved `device` link of the accel class entry.
    static func read(parentPath: String) -> (bus: DeviceIdentity.Bus?, notes: [String]) {
        var notes: [String] = []
        let ueventPath = SysfsTree.join(parentPath, "uevent")
        guard let text = SysfsTree.read(ueventPath) else {
            return (nil, ["bus not identified: \(ueventPath) unreadable (\(SysfsTree.readFailure(ueventPath)))"])
        }
        let uevent = Uevent(parsing: text)

        if uevent["PCI_SLOT_NAME"] != nil || uevent["PCI_ID"] != nil {
            let (pci, pciNotes) = readPCI(uevent: uevent, parentPath: parentPath)
            notes += pciNotes
            return (pci.map { .pci($0) }, notes)
        }
        if let modalias = uevent["MODALIAS"], modalias.hasPrefix("platform:") {
            return (.platform(name: String(modalias.dropFirst("platform:".count))), notes)
        }
        // Device-tree platform devices carry an `of:` modalias; the directory name is the device name.
        if SysfsTree.linkBasename(SysfsTree.join(parentPath, "subsystem")) == "platform" {
            return (.platform(name: SysfsTree.basename(parentPath)), notes)
        }
        return (nil, ["bus not identified: \(ueventPath) has neither PCI_ID/PCI_SLOT_NAME nor MODALIAS=platform:…"])
    }

    private static func readPCI(uevent: Uevent, parentPath: String) -> (DeviceIdentity.PCI?, [String]) {
        var notes: [String] = []
        let slot = uevent["PCI_SLOT_NAME"] ?? SysfsTree.basename(parentPath)
        if uevent["PCI_SLOT_NAME"] == nil {
            notes.append("uevent has no PCI_SLOT_NAME; slot taken from the directory name")
        }

        var ids = uevent["PCI_ID"].flatMap(parseIDPair)
        if uevent["PCI_ID"] != nil && ids == nil {
            notes.append("uevent PCI_ID '\(uevent["PCI_ID"]!)' is not VVVV:DDDD")
        }
        // The separate attribute files are the fallback, and a cross-check when both exist.
        let fileVendor = SysfsTree.read(SysfsTree.join(parentPath, "vendor")).flatMap(parseHex16)
        let fileDevice = SysfsTree.read(SysfsTree.join(parentPath, "device")).flatMap(parseHex16)
        if let fileVendor, let fileDevice {
            if let ids, ids != (fileVendor, fileDevice) {
                notes.append("uevent PCI_ID \(hex4(ids.0)):\(hex4(ids.1)) differs from the vendor/device files \(hex4(fileVendor)):\(hex4(fileDevice))")
            }
            ids = ids ?? (fileVendor, fileDevice)
        }
        guard let (vendor, device) = ids else {
            notes.append("PCI vendor/device ids not found (no PCI_ID in uevent, no vendor/device files)")
            return (nil, notes)
        }

        var subsystem = uevent["PCI_SUBSYS_ID"].flatMap(parseIDPair)
        if subsystem == nil,
           let subVendor = SysfsTree.read(SysfsTree.join(parentPath, "subsystem_vendor")).flatMap(parseHex16),
           let subDevice = SysfsTree.read(SysfsTree.join(parentPath, "subsystem_device")).flatMap(parseHex16) {
            subsystem = (subVendor, subDevice)
        }
        let pciClass = uevent["PCI_CLASS"].flatMap { UInt32($0, radix: 16) }
            ?? SysfsTree.read(SysfsTree.join(parentPath, "class")).flatMap { UInt32(stripHexPrefix($0), radix: 16) }

        return (DeviceIdentity.PCI(slot: slot, vendor: vendor, device: device,
                                   subsystemVendor: subsystem?.0, subsystemDevice: subsystem?.1,
                                   pciClass: pciClass), notes)
    }

    /// `17CB:A100` → (0x17cb, 0xa100).
    static func parseIDPair(_ text: String) -> (UInt16, UInt16)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = parseHex16(String(parts[0])), let b = parseHex16(String(parts[1])) else { return nil }
        return (a, b)
    }

    /// `0x17cb` or `17CB` → 0x17cb.
    static func parseHex16(_ text: String) -> UInt16? {
        let digits = stripHexPrefix(text)
        guard !digits.isEmpty, digits.count <= 4 else { return nil }
        return UInt16(digits, radix: 16)
    }

    private static func stripHexPrefix(_ text: String) -> String {
        text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
    }

    static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
