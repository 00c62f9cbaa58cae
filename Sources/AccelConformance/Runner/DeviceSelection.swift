/// A selector resolved to a device it names.
public struct ResolvedDevice: Sendable {
    /// The selector as the user gave it.
    public let selector: String
    public let device: any Device

    public init(selector: String, device: any Device) {
        self.selector = selector
        self.device = device
    }
}

/// Turns IGT-style selectors into devices: kernel devices from discovery (Devices/), reference
/// devices from ReferenceDevices. It composes both layers, so it lives above them.
public enum DeviceSelection {
    /// Resolves one selector (`accel0`, `sys:PATH`, `pci:…`, `driver=NAME`, `reference:qaic`,
    /// `all`). `referenceProfile` and `faults` configure reference devices only.
    ///
    /// Throws ``RunnerInputError`` (exit status 2) for a malformed selector, a bad root, or a
    /// selector other than `all` that matches nothing; the message names the selector.
    public static func resolve(_ selector: String, roots: SystemRoots = SystemRoots(), referenceProfile: String? = nil,
                               faults: Set<String> = []) throws -> [ResolvedDevice] {
        let parsed: DeviceSelector
        do {
            parsed = try DeviceSelector.parse(selector)
        } catch {
            // Devices/ does not know the reference devices; the list of them is added here.
            guard selector == "reference:" else { throw error }
            throw RunnerInputError("\(error) (available: \(ReferenceDevices.available.joined(separator: ", ")))")
        }
        if case .reference(let driver) = parsed {
            do {
                return [ResolvedDevice(selector: selector,
                                       device: try ReferenceDevices.make(driver: driver, profileID: referenceProfile, faults: faults))]
            } catch {
                throw RunnerInputError("device selector '\(selector)': \(error)")
            }
        }
        let discovered: [DiscoveredDevice]
        do {
            discovered = try AccelDiscovery.discover(roots: roots)
        } catch {
            throw RunnerInputError("device selector '\(selector)': \(error)")
        }
        let matches = parsed.select(from: discovered, roots: roots)
        if matches.isEmpty && parsed != .all {
            throw RunnerInputError("device selector '\(selector)' matched no accel device (\(describe(discovered, roots: roots)))")
        }
        return matches.map { ResolvedDevice(selector: selector, device: $0.device) }
    }

    /// Resolves several selectors in order, dropping devices named twice.
    public static func resolve(_ selectors: [String], roots: SystemRoots = SystemRoots(), referenceProfile: String? = nil,
                               faults: Set<String> = []) throws -> [ResolvedDevice] {
        var result: [ResolvedDevice] = []
        var seenNodes: Set<String> = []
        for selector in selectors {
            for resolved in try resolve(selector, roots: roots, referenceProfile: referenceProfile, faults: faults) {
                if let node = resolved.device.identity.devicePath, !resolved.device.identity.isReference {
                    guard seenNodes.insert(node).inserted else { continue }
                }
                result.append(resolved)
            }
        }
        return result
    }

    private static func describe(_ discovered: [DiscoveredDevice], roots: SystemRoots) -> String {
        if discovered.isEmpty {
            return "none found under \(SysfsTree.join(roots.sysfs, "class/accel")); --device reference:qaic runs the built-in reference device"
        }
        let list = discovered.map { device in
            var parts = [device.identity.driverName ?? "no driver"]
            if case .pci(let pci)? = device.identity.bus {
                parts.append("pci \(BusIdentityReader.hex4(pci.vendor)):\(BusIdentityReader.hex4(pci.device)) slot \(pci.slot)")
            } else if case .platform(let name)? = device.identity.bus {
                parts.append("platform \(name)")
            }
            return "\(device.name) [\(parts.joined(separator: ", "))]"
        }
        return "found: " + list.joined(separator: "; ")
    }
}
