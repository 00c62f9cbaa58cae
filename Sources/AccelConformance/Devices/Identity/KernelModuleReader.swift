import CAccelShim
import SystemPackage

/// Collects the kernel module behind an accel driver: name, version, srcversion, file and
/// current parameter values.
///
/// On the live system libkmod answers from the module index and the `.ko`'s modinfo. Under a
/// non-default sysfs root (fixture trees) libkmod would describe the *host's* modules, so
/// only the tree's `module/<name>/` attributes are read and the notes say what is missing.
enum KernelModuleReader {
    static func read(name: String, sysfsRoot: String, useLibkmod: Bool) -> (module: DeviceIdentity.KernelModule, notes: [String]) {
        var module = DeviceIdentity.KernelModule(name: name)
        var notes: [String] = []
        let moduleDir = SysfsTree.join(sysfsRoot, "module", name)

        if useLibkmod {
            notes += readWithLibkmod(into: &module)
        } else {
            notes.append("module filename not collected: libkmod is not used with a sysfs root other than /sys")
        }
        // A loaded module exports these too; they fill what libkmod could not say
        // (e.g. a module whose .ko is not in the host's module index).
        if module.version == nil { module.version = SysfsTree.read(SysfsTree.join(moduleDir, "version")) }
        if module.srcversion == nil { module.srcversion = SysfsTree.read(SysfsTree.join(moduleDir, "srcversion")) }

        if !SysfsTree.isDirectory(moduleDir) {
            notes.append("module '\(name)' has no \(moduleDir) (built in without parameters, or not loaded): parameters not collected")
            return (module, notes)
        }
        notes += readParameters(directory: SysfsTree.join(moduleDir, "parameters"), into: &module)
        return (module, notes)
    }

    private static func readParameters(directory: String, into module: inout DeviceIdentity.KernelModule) -> [String] {
        guard let names = SysfsTree.entries(directory) else { return [] }  // a module without parameters has no directory
        var notes: [String] = []
        for parameter in names {
            let path = SysfsTree.join(directory, parameter)
            if let value = SysfsTree.read(path) {
                module.parameters[parameter] = value
            } else {
                notes.append("module parameter \(parameter) unreadable (\(SysfsTree.readFailure(path)))")
            }
        }
        return notes
    }

    private static func readWithLibkmod(into module: inout DeviceIdentity.KernelModule) -> [String] {
        guard let context = kmod_new(nil, nil) else {
            return ["libkmod could not be initialised: module filename, version and srcversion taken from sysfs only"]
        }
        defer { kmod_unref(context) }

        var handle: OpaquePointer?
        guard kmod_module_new_from_name(context, module.name, &handle) == 0, let handle else {
            return ["libkmod does not know module '\(module.name)'"]
        }
        defer { kmod_module_unref(handle) }

        var notes: [String] = []
        if let path = kmod_module_get_path(handle) {
            module.filename = String(cString: path)
        } else {
            notes.append("module '\(module.name)' has no file in the module index (built in, or loaded from outside /lib/modules)")
        }

        var info: OpaquePointer?
        let count = kmod_module_get_info(handle, &info)
        guard count >= 0 else {
            notes.append("libkmod could not read modinfo of '\(module.name)' (\(Errno(rawValue: -count).symbolicName))")
            return notes
        }
        defer { kmod_module_info_free_list(info) }
        var entry = info
        while let current = entry {
            if let key = kmod_module_info_get_key(current).map({ String(cString: $0) }),
               let value = kmod_module_info_get_value(current).map({ String(cString: $0) }) {
                switch key {
                case "version": module.version = value
                case "srcversion": module.srcversion = value
                default: break
                }
            }
            entry = kmod_list_next(info, current)
        }
        return notes
    }
}
