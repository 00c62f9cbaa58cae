import AccelConformance
import Foundation

/// A throw-away sysfs/dev/proc tree for cases the committed fixtures do not cover
/// (broken entries, device-tree platform devices, real character nodes).
final class ScratchTree {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "accel-discovery-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var roots: SystemRoots { SystemRoots(sysfs: root + "/sys", dev: root + "/dev", proc: root + "/proc") }

    func write(_ path: String, _ contents: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try (contents + "\n").write(toFile: full, atomically: false, encoding: .utf8)
    }

    func link(_ path: String, to target: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
    }

    func mkdir(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/" + path, withIntermediateDirectories: true)
    }

    /// An accel class entry for a parent under sys/devices (`parent` relative to it).
    func accelEntry(parent: String, name: String, dev: String) throws {
        let dir = "sys/devices/\(parent)/accel/\(name)"
        try write(dir + "/dev", dev)
        try link(dir + "/device", to: "../..")
        try link("sys/class/accel/\(name)", to: "../../devices/\(parent)/accel/\(name)")
    }
}
