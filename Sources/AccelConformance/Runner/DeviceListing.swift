import Foundation

/// What `conformance-runner devices` shows: every discovered accel device followed by the
/// built-in reference devices, as a table or as JSON.
public enum DeviceListing {
    /// The identities to list. Without selectors: every discovered device, then one entry per
    /// reference device (an entry with a note when that device cannot be made). With
    /// selectors: exactly the devices they resolve to.
    public static func identities(roots: SystemRoots = SystemRoots(), selectors: [String] = [],
                                  referenceProfile: String? = nil, faults: Set<String> = []) throws -> [DeviceIdentity] {
        if !selectors.isEmpty {
            return try DeviceSelection.resolve(selectors, roots: roots, referenceProfile: referenceProfile, faults: faults)
                .map(\.device.identity)
        }
        let discovered: [DiscoveredDevice]
        do {
            discovered = try AccelDiscovery.discover(roots: roots)
        } catch {
            throw RunnerInputError("\(error)")
        }
        return discovered.map(\.identity) + (try referenceIdentities(profile: referenceProfile, faults: faults))
    }

    /// One identity per ``ReferenceDevices/available`` driver. A reference device that cannot
    /// be made is still listed, with the reason in its notes: listing must not fail because
    /// of it. The exception is a profile or fault the user asked for: that is bad input.
    public static func referenceIdentities(profile: String? = nil, faults: Set<String> = []) throws(RunnerInputError) -> [DeviceIdentity] {
        var identities: [DeviceIdentity] = []
        for driver in ReferenceDevices.available {
            do {
                var identity = try ReferenceDevices.make(driver: driver, profileID: profile, faults: faults).identity
                // The listing knows this entry is the reference device, whatever the device
                // reports: CI decides "real hardware present?" from this flag.
                identity.isReference = true
                identities.append(identity)
            } catch {
                if profile != nil || !faults.isEmpty {
                    throw RunnerInputError("reference:\(driver) with --kernel-profile \(profile ?? "(default)") and faults [\(faults.sorted().joined(separator: ", "))]: \(error)")
                }
                identities.append(DeviceIdentity(name: "reference:\(driver)", kernelRelease: "n/a", isReference: true,
                                                 notes: ["reference device unavailable: \(error)"]))
            }
        }
        return identities
    }

    /// Pretty-printed JSON array with sorted keys (JSONEncoder's `"key" : value` spacing).
    public static func json(_ identities: [DeviceIdentity]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(identities), as: UTF8.self)
    }

    /// A fixed-width table, notes underneath, and a plain statement when no kernel device exists.
    public static func table(_ identities: [DeviceIdentity], roots: SystemRoots = SystemRoots()) -> String {
        let header = ["NAME", "NODE", "DRIVER", "VERSION", "BUS", "MODULE", "KERNEL", "TAINT"]
        let rows = identities.map(row)
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }

        var out: [String] = []
        if !identities.contains(where: { !$0.isReference }) {
            out.append("No accel device found under \(roots.sysfs)/class/accel.")
            out.append("Use --device reference:qaic to run the suite against the built-in reference device.")
            out.append("")
        }
        out.append(line(header))
        out += rows.map(line)
        let noted = identities.filter { !$0.notes.isEmpty }
        if !noted.isEmpty {
            out.append("")
            out.append("Notes:")
            for identity in noted {
                out += identity.notes.map { "  \(identity.name): \($0)" }
            }
        }
        return out.joined(separator: "\n")
    }

    private static func row(_ identity: DeviceIdentity) -> [String] {
        let dash = "-"
        let version = identity.drmVersion.map { "\($0.name) \($0.major).\($0.minor).\($0.patchLevel)" } ?? dash
        let driver = identity.kernelDriver ?? identity.drmVersion?.name ?? dash
        var module = dash
        if let kernelModule = identity.module {
            module = kernelModule.name
            if let version = kernelModule.version { module += " \(version)" }
            if let srcversion = kernelModule.srcversion { module += " (\(srcversion))" }
        }
        return [identity.name, identity.devicePath ?? (identity.isReference ? "(in-process)" : dash), driver, version,
                busDescription(identity.bus), module, identity.kernelRelease, identity.taint.map(String.init) ?? dash]
    }

    /// `pci 17cb:a100 (sub 17cb:a100, class 0x120000) 0000:01:00.0` or `platform vaccel`.
    static func busDescription(_ bus: DeviceIdentity.Bus?) -> String {
        switch bus {
        case .pci(let pci)?:
            var extra: [String] = []
            if let subVendor = pci.subsystemVendor, let subDevice = pci.subsystemDevice {
                extra.append("sub \(BusIdentityReader.hex4(subVendor)):\(BusIdentityReader.hex4(subDevice))")
            }
            if let pciClass = pci.pciClass { extra.append("class 0x" + hex(pciClass, digits: 6)) }
            let ids = "\(BusIdentityReader.hex4(pci.vendor)):\(BusIdentityReader.hex4(pci.device))"
            return "pci \(ids)" + (extra.isEmpty ? "" : " (\(extra.joined(separator: ", ")))") + " \(pci.slot)"
        case .platform(let name)?:
            return "platform \(name)"
        case nil:
            return "-"
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
