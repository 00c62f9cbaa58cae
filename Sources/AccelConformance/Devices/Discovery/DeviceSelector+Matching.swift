extension DeviceSelector {
    /// The discovered devices this selector names, in discovery order (by slot for `pci:`).
    /// `reference:` selectors never match a kernel device.
    public func select(from devices: [DiscoveredDevice], roots: SystemRoots) -> [DiscoveredDevice] {
        switch self {
        case .all:
            return devices
        case .node(let index):
            return devices.filter { $0.index == index }
        case .sysfs(let path):
            let wanted = Self.candidatePaths(path, roots: roots)
            return devices.filter { device in
                let classEntry = SysfsTree.join(roots.sysfs, "class/accel", device.name)
                return [device.sysfsPath, device.parentPath, classEntry].contains { $0.map(wanted.contains) ?? false }
            }
        case .pci(let filter):
            let matching = devices.compactMap { device -> (DiscoveredDevice, DeviceIdentity.PCI)? in
                guard case .pci(let pci)? = device.identity.bus else { return nil }
                if let vendor = filter.vendor, pci.vendor != vendor { return nil }
                if let id = filter.device, pci.device != id { return nil }
                if let slot = filter.slot, pci.slot.lowercased() != slot { return nil }
                return (device, pci)
            }.sorted { ($0.1.slot.lowercased(), $0.0.index) < ($1.1.slot.lowercased(), $1.0.index) }.map(\.0)
            switch filter.card {
            case .all: return matching
            case .index(let card): return card < matching.count ? [matching[card]] : []
            }
        case .driver(let name):
            return devices.filter {
                $0.identity.drmVersion?.name == name || $0.identity.kernelDriver == name || $0.identity.module?.name == name
            }
        case .reference:
            return []
        }
    }

    /// The forms a `sys:` path may take: as given, with `/sys` rebased onto a non-default
    /// root (so the same selector works on a fixture tree), and with symlinks resolved.
    private static func candidatePaths(_ path: String, roots: SystemRoots) -> Set<String> {
        var forms: [String] = [path]
        let defaultRoot = SystemRoots().sysfs
        if roots.sysfs != defaultRoot, !path.hasPrefix(roots.sysfs),
           path == defaultRoot || path.hasPrefix(defaultRoot + "/") {
            forms.append(roots.sysfs + path.dropFirst(defaultRoot.count))
        }
        var result = Set<String>()
        for form in forms {
            let trimmed = form.count > 1 && form.hasSuffix("/") ? String(form.dropLast()) : form
            result.insert(trimmed)
            if let resolved = SysfsTree.resolve(trimmed) { result.insert(resolved) }
        }
        return result
    }
}
