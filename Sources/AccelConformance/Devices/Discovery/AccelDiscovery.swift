/// Enumerates accel devices (accel-core.md §1–2) and collects their identity.
public enum AccelDiscovery {
    /// Character major of every accel node (`ACCEL_MAJOR`).
    public static let accelMajor = 261

    public struct RootMissing: Error, CustomStringConvertible {
        public let description: String
    }

    /// Every `accelN` entry of `<sysfs>/class/accel`, ordered by N. habanalabs' non-DRM
    /// `accel_controlD<N>` nodes share the class and are skipped. A missing class directory
    /// means no accel device (or a kernel without CONFIG_DRM_ACCEL) and gives an empty list;
    /// a missing sysfs root is bad input and throws.
    public static func discover(roots: SystemRoots = SystemRoots()) throws -> [DiscoveredDevice] {
        guard SysfsTree.isDirectory(roots.sysfs) else {
            throw RootMissing(description: "sysfs root '\(roots.sysfs)' is not a directory")
        }
        let classDir = SysfsTree.join(roots.sysfs, "class/accel")
        let names = SysfsTree.entries(classDir) ?? []
        let indexed = names.compactMap { name in accelIndex(name).map { (name, $0) } }
        let kernel = KernelContext(roots: roots)
        return indexed.sorted { $0.1 < $1.1 }.map { name, index in
            describe(name: name, index: index, classDir: classDir, roots: roots, kernel: kernel)
        }
    }

    /// The kernel devices alone, for callers that just need something to open.
    public static func devices(roots: SystemRoots = SystemRoots()) throws -> [KernelDevice] {
        try discover(roots: roots).map(\.device)
    }

    /// N for a name matching `^accel[0-9]+$`, nil for anything else (`accel_controlD0`, …).
    static func accelIndex(_ name: String) -> Int? {
        guard name.hasPrefix("accel") else { return nil }
        let digits = name.dropFirst("accel".count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// Release and taint are the same for every device; read them once.
    private struct KernelContext {
        let release: String?
        let taint: UInt64?
        let procRoot: String
        init(roots: SystemRoots) {
            procRoot = roots.proc
            release = KernelState.release(procRoot: roots.proc)
            taint = KernelState.taint(procRoot: roots.proc)
        }
    }

    private static func describe(name: String, index: Int, classDir: String, roots: SystemRoots,
                                 kernel: KernelContext) -> DiscoveredDevice {
        var notes: [String] = []
        let classEntry = SysfsTree.join(classDir, name)
        let sysfsPath: String
        if let resolved = SysfsTree.resolve(classEntry) {
            sysfsPath = resolved
        } else {
            sysfsPath = classEntry
            notes.append("\(classEntry) does not resolve (dangling link)")
        }

        let nodePath = SysfsTree.join(roots.dev, "accel", name)
        notes += checkDevAttribute(SysfsTree.join(sysfsPath, "dev"), expectedMinor: index)

        let parentPath = SysfsTree.resolve(SysfsTree.join(sysfsPath, "device"))
        var kernelDriver: String?
        var bus: DeviceIdentity.Bus?
        var module: DeviceIdentity.KernelModule?
        if let parentPath {
            kernelDriver = SysfsTree.linkBasename(SysfsTree.join(parentPath, "driver"))
            if kernelDriver == nil { notes.append("no driver bound: \(parentPath)/driver is missing") }
            let busResult = BusIdentityReader.read(parentPath: parentPath)
            bus = busResult.bus
            notes += busResult.notes
            if let kernelDriver {
                // The driver's `module` link names the module; a driver built into the kernel may lack it.
                let moduleName = SysfsTree.linkBasename(SysfsTree.join(parentPath, "driver/module"))
                if moduleName == nil {
                    notes.append("driver '\(kernelDriver)' has no module link; assuming module name '\(kernelDriver)'")
                }
                let moduleResult = KernelModuleReader.read(name: moduleName ?? kernelDriver, sysfsRoot: roots.sysfs,
                                                           useLibkmod: roots.sysfs == SystemRoots().sysfs)
                module = moduleResult.module
                notes += moduleResult.notes
            }
        } else {
            notes.append("\(sysfsPath)/device is missing: driver, bus and module not collected")
        }

        var drmVersion: DeviceIdentity.DRMVersion?
        switch DRMVersionQuery.query(nodePath: nodePath) {
        case .success(let version): drmVersion = version
        case .failure(let note): notes.append(note.text)
        }

        if kernel.release == nil { notes.append("kernel release unknown: \(kernel.procRoot)/sys/kernel/osrelease unreadable") }
        if kernel.taint == nil { notes.append("taint unknown: \(kernel.procRoot)/sys/kernel/tainted unreadable") }

        let identity = DeviceIdentity(name: name, devicePath: nodePath, sysfsPath: sysfsPath, kernelDriver: kernelDriver,
                                      drmVersion: drmVersion, bus: bus, module: module,
                                      kernelRelease: kernel.release ?? "unknown", taint: kernel.taint, notes: notes)
        return DiscoveredDevice(name: name, index: index, sysfsPath: sysfsPath, parentPath: parentPath, identity: identity)
    }

    /// `dev` reads `261:N`; anything else means the entry is not what its name claims.
    private static func checkDevAttribute(_ path: String, expectedMinor: Int) -> [String] {
        guard let text = SysfsTree.read(path) else { return ["\(path) unreadable: major:minor not checked"] }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else {
            return ["\(path) reads '\(text)', not MAJOR:MINOR"]
        }
        var notes: [String] = []
        if major != accelMajor { notes.append("\(path) major is \(major), not the accel major \(accelMajor)") }
        if minor != expectedMinor { notes.append("\(path) minor is \(minor) but the entry is named accel\(expectedMinor)") }
        return notes
    }
}
