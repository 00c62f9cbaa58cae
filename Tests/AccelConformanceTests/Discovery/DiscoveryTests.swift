import Foundation
import Testing
@testable import AccelConformance

@Suite struct DiscoveryTests {
    @Test func qaicCard() throws {
        let roots = FixtureTrees.roots("qaic")
        let found = try AccelDiscovery.discover(roots: roots)
        #expect(found.map(\.name) == ["accel0"])
        let identity = try #require(found.first).identity

        #expect(identity.name == "accel0")
        #expect(identity.devicePath == "\(roots.dev)/accel/accel0")
        #expect(identity.sysfsPath?.hasSuffix("/qaic/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/accel/accel0") == true)
        #expect(found.first?.parentPath?.hasSuffix("/qaic/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0") == true)
        #expect(identity.kernelDriver == "qaic")
        #expect(identity.driverName == "qaic")
        #expect(identity.bus == .pci(DeviceIdentity.PCI(slot: "0000:01:00.0", vendor: 0x17cb, device: 0xa100,
                                                         subsystemVendor: 0x17cb, subsystemDevice: 0xa100, pciClass: 0x120000)))
        let module = try #require(identity.module)
        #expect(module.name == "qaic")
        #expect(module.version == nil)
        #expect(module.srcversion == "0A1B2C3D4E5F60718293A4B")
        #expect(module.filename == nil)
        #expect(module.parameters == [
            "wait_exec_default_timeout_ms": "5000", "datapath_polling": "N", "datapath_poll_interval_us": "100",
            "control_resp_timeout_s": "60", "mhi_timeout_ms": "2000", "timesync_delay_ms": "1000",
        ])
        #expect(identity.kernelRelease == "6.12.95+deb12-amd64")
        #expect(identity.taint == 12288)
        #expect(identity.isReference == false)
        // The placeholder node is not opened: a note, not a VERSION and not an error.
        #expect(identity.drmVersion == nil)
        #expect(identity.notes.contains { $0.contains("not a character device") })
        #expect(identity.notes.contains { $0.contains("module filename not collected") })
        #expect(found.first?.device.path == identity.devicePath)
    }

    @Test func ivpuDevice() throws {
        let found = try AccelDiscovery.discover(roots: FixtureTrees.roots("ivpu"))
        #expect(found.map(\.name) == ["accel0"])
        let identity = try #require(found.first).identity
        #expect(identity.kernelDriver == "intel_vpu")
        #expect(identity.module?.name == "intel_vpu")
        #expect(identity.module?.parameters == [:])
        guard case .pci(let pci)? = identity.bus else {
            Issue.record("expected a PCI bus, got \(String(describing: identity.bus))")
            return
        }
        #expect(pci.vendor == 0x8086)
        #expect(pci.device == 0x7d1d)
        #expect(pci.slot == "0000:00:0b.0")
        #expect(identity.taint == 0)
    }

    @Test func habanalabsControlNodeIsSkipped() throws {
        let roots = FixtureTrees.roots("habanalabs")
        // The tree really has the control node in class accel, so skipping it is observable.
        let classEntries = try FileManager.default.contentsOfDirectory(atPath: "\(roots.sysfs)/class/accel").sorted()
        #expect(classEntries == ["accel0", "accel_controlD0"])

        let found = try AccelDiscovery.discover(roots: roots)
        #expect(found.map(\.name) == ["accel0"])
        let identity = try #require(found.first).identity
        #expect(identity.kernelDriver == "habanalabs")
        #expect(identity.devicePath == "\(roots.dev)/accel/accel0")
        if case .pci(let pci)? = identity.bus {
            #expect(pci.vendor == 0x1da3)
            #expect(pci.slot == "0000:1b:00.0")
        } else {
            Issue.record("expected a PCI bus")
        }
    }

    @Test func platformDevice() throws {
        let found = try AccelDiscovery.discover(roots: FixtureTrees.roots("platform"))
        #expect(found.map(\.name) == ["accel0"])
        let identity = try #require(found.first).identity
        #expect(identity.bus == .platform(name: "vaccel"))
        #expect(identity.kernelDriver == "vaccel")
        #expect(identity.module?.name == "vaccel")
        #expect(identity.module?.version == "1.2.3")
        #expect(identity.module?.srcversion == "5D6E7F8091A2B3C4D5E6F70")
        #expect(identity.taint == 12288)
        #expect(identity.sysfsPath?.hasSuffix("/platform/sys/devices/platform/vaccel/accel/accel0") == true)
    }

    @Test func mixedTreeIsOrderedByMinor() throws {
        let found = try AccelDiscovery.discover(roots: FixtureTrees.roots("mixed"))
        #expect(found.map(\.name) == ["accel0", "accel1", "accel2"])
        #expect(found.map(\.index) == [0, 1, 2])
        #expect(found.map(\.identity.kernelDriver) == ["qaic", "qaic", "intel_vpu"])
        #expect(found.allSatisfy { $0.identity.notes.allSatisfy { !$0.contains("minor is") && !$0.contains("major is") } })
    }

    @Test func emptyClassMeansNoDevice() throws {
        #expect(try AccelDiscovery.discover(roots: FixtureTrees.roots("none")).isEmpty)
    }

    @Test func missingSysfsRootIsAnError() {
        let roots = SystemRoots(sysfs: "/nonexistent/sys", dev: "/nonexistent/dev", proc: "/nonexistent/proc")
        #expect(throws: AccelDiscovery.RootMissing.self) { try AccelDiscovery.discover(roots: roots) }
    }

    @Test(arguments: [
        ("accel0", 0), ("accel12", 12), ("accel255", 255),
    ])
    func accelNamesAreCompute(_ name: String, _ index: Int) {
        #expect(AccelDiscovery.accelIndex(name) == index)
    }

    @Test(arguments: ["accel_controlD0", "accel", "accelx", "accel-1", "accel0a", "xaccel0", "accel 1"])
    func otherNamesAreSkipped(_ name: String) {
        #expect(AccelDiscovery.accelIndex(name) == nil)
    }
}
