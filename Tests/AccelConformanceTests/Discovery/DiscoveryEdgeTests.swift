import Foundation
import Testing
@testable import AccelConformance

#if canImport(Glibc)
import Glibc
#endif

@Suite struct DiscoveryEdgeTests {
    @Test func deviceTreePlatformDeviceIsNamedByDirectory() throws {
        let tree = try ScratchTree()
        try tree.write("sys/devices/platform/fdab0000.npu/uevent", "DRIVER=rocket\nOF_NAME=npu\nMODALIAS=of:NnpuT(null)")
        try tree.link("sys/devices/platform/fdab0000.npu/subsystem", to: "../../../bus/platform")
        try tree.mkdir("sys/bus/platform")
        try tree.link("sys/devices/platform/fdab0000.npu/driver", to: "../../../bus/platform/drivers/rocket")
        try tree.mkdir("sys/bus/platform/drivers/rocket")
        try tree.accelEntry(parent: "platform/fdab0000.npu", name: "accel0", dev: "261:0")

        let identity = try #require(try AccelDiscovery.discover(roots: tree.roots).first).identity
        #expect(identity.bus == .platform(name: "fdab0000.npu"))
        #expect(identity.kernelDriver == "rocket")
        // No module link: the note says the module name is assumed.
        #expect(identity.module?.name == "rocket")
        #expect(identity.notes.contains { $0.contains("no module link") })
        // No /proc in this tree.
        #expect(identity.kernelRelease == "unknown")
        #expect(identity.taint == nil)
        #expect(identity.notes.contains { $0.contains("kernel release unknown") })
    }

    @Test func inconsistentEntriesAreNoted() throws {
        let tree = try ScratchTree()
        let parent = "pci0000:00/0000:00:01.0/0000:01:00.0"
        try tree.write("sys/devices/\(parent)/uevent", "PCI_ID=17CB:A100\nPCI_SLOT_NAME=0000:01:00.0")
        try tree.write("sys/devices/\(parent)/vendor", "0x17cb")
        try tree.write("sys/devices/\(parent)/device", "0xa080")
        // Named accel3 but its dev attribute says another major and minor; no driver bound.
        try tree.accelEntry(parent: parent, name: "accel3", dev: "226:1")

        let identity = try #require(try AccelDiscovery.discover(roots: tree.roots).first).identity
        #expect(identity.notes.contains { $0.contains("major is 226") })
        #expect(identity.notes.contains { $0.contains("minor is 1 but the entry is named accel3") })
        #expect(identity.notes.contains { $0.contains("differs from the vendor/device files") })
        #expect(identity.notes.contains { $0.contains("no driver bound") })
        #expect(identity.notes.contains { $0.contains("does not exist") })  // no node under dev/
        #expect(identity.kernelDriver == nil)
        #expect(identity.module == nil)
        if case .pci(let pci)? = identity.bus {
            #expect(pci.device == 0xa100)  // uevent wins; the mismatch is only noted
        } else {
            Issue.record("expected a PCI bus")
        }
    }

    @Test func uneventParsing() {
        let uevent = Uevent(parsing: "DRIVER=qaic\nPCI_ID=17CB:A100\nnot a pair\nMODALIAS=pci:v000017CBd0000A100sv=x\n")
        #expect(uevent["DRIVER"] == "qaic")
        #expect(uevent["PCI_ID"] == "17CB:A100")
        #expect(uevent["MODALIAS"] == "pci:v000017CBd0000A100sv=x")
        #expect(uevent.values.count == 3)
    }

    /// A real character node whose major has no driver: discovery must try to open it and
    /// record the failure as a note. The major is one the host has not registered, so this
    /// never opens a real device.
    @Test(.enabled(if: geteuid() == 0, "mknod needs root"))
    func unopenableNodeIsANote() throws {
        let tree = try ScratchTree()
        try tree.write("sys/devices/platform/vaccel/uevent", "DRIVER=vaccel\nMODALIAS=platform:vaccel")
        try tree.accelEntry(parent: "platform/vaccel", name: "accel0", dev: "261:0")
        try tree.mkdir("dev/accel")
        let major = try #require(Self.unregisteredCharacterMajor())
        let node = tree.roots.dev + "/accel/accel0"
        try #require(mknod(node, S_IFCHR | 0o600, UInt(major) << 8) == 0, "mknod failed: errno \(errno)")

        let identity = try #require(try AccelDiscovery.discover(roots: tree.roots).first).identity
        #expect(identity.drmVersion == nil)
        #expect(identity.notes.contains { $0.contains("cannot open \(node) (ENXIO)") || $0.contains("cannot open \(node) (ENODEV)") },
                "notes: \(identity.notes)")
    }

    /// A "local/experimental" major (60–63, 120–127) absent from /proc/devices.
    static func unregisteredCharacterMajor() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/devices", encoding: .utf8) else { return nil }
        var registered = Set<Int>()
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Block") { break }
            if let number = line.split(separator: " ").first.flatMap({ Int($0) }) { registered.insert(number) }
        }
        return (Array(60...63) + Array(120...127)).first { !registered.contains($0) }
    }
}

@Suite struct KernelModuleReaderTests {
    /// The live-system path through libkmod. Whatever the host has, a missing filename,
    /// version or srcversion must come with a note saying why, and nothing may crash.
    @Test func libkmodPathExplainsGaps() {
        let (module, notes) = KernelModuleReader.read(name: "qaic", sysfsRoot: "/sys", useLibkmod: true)
        #expect(module.name == "qaic")
        if module.filename == nil {
            #expect(!notes.isEmpty, "no filename and no note")
        }
        #expect(!notes.contains { $0.contains("libkmod is not used") })
    }

    @Test func fixtureRootSaysWhatWasNotCollected() {
        let (module, notes) = KernelModuleReader.read(name: "qaic", sysfsRoot: FixtureTrees.roots("qaic").sysfs, useLibkmod: false)
        #expect(module.filename == nil)
        #expect(module.parameters.count == 6)
        #expect(notes == ["module filename not collected: libkmod is not used with a sysfs root other than /sys"])
    }

    @Test func moduleWithoutSysfsDirectoryIsNoted() {
        let (module, notes) = KernelModuleReader.read(name: "nosuchmodule", sysfsRoot: FixtureTrees.roots("qaic").sysfs, useLibkmod: false)
        #expect(module.parameters.isEmpty)
        #expect(notes.contains { $0.contains("module 'nosuchmodule' has no") })
    }
}
