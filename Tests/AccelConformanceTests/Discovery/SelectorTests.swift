import Testing
@testable import AccelConformance

@Suite struct SelectorParsingTests {
    @Test(arguments: [
        ("all", DeviceSelector.all),
        ("accel0", .node(index: 0)),
        ("accel17", .node(index: 17)),
        ("sys:/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0", .sysfs(path: "/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0")),
        ("pci:vendor=17cb,device=a100", .pci(.init(vendor: 0x17cb, device: 0xa100))),
        ("pci:vendor=0x17CB,device=A080,card=1", .pci(.init(vendor: 0x17cb, device: 0xa080, card: .index(1)))),
        ("pci:vendor=Qualcomm,device=aic100,card=all", .pci(.init(vendor: 0x17cb, device: 0xa100, card: .all))),
        ("pci:vendor=8086,card=*", .pci(.init(vendor: 0x8086, card: .all))),
        ("pci:slot=0000:01:00.0", .pci(.init(slot: "0000:01:00.0"))),
        ("pci:slot=01:00.0", .pci(.init(slot: "0000:01:00.0"))),
        ("pci:slot=0000:1B:00.0", .pci(.init(slot: "0000:1b:00.0"))),
        ("driver=qaic", .driver(name: "qaic")),
        ("reference:qaic", .reference(driver: "qaic")),
    ])
    func validForms(_ text: String, _ expected: DeviceSelector) throws {
        #expect(try DeviceSelector.parse(text) == expected)
    }

    /// Each malformed form, and the part of the message that names what is wrong.
    @Test(arguments: [
        ("", "empty device selector"),
        ("pci:vendor=zz", "vendor value 'zz' is not a hex id"),
        ("pci:vendor=12345", "vendor value '12345' is not a hex id"),
        ("pci:vendor=17cb,device=xyz", "device value 'xyz' is not a hex id"),
        ("pci:vendor=17cb,card=first", "card value 'first' is not a number, 'all' or '*'"),
        ("pci:vendor=17cb,card=-1", "card value '-1' is not a number"),
        ("pci:slot=1:0.0", "slot value '1:0.0' is not a PCI address"),
        ("pci:slot=0000:01:00.9", "slot value '0000:01:00.9' is not a PCI address"),
        ("pci:slot=", "slot value '' is not a PCI address"),
        ("pci:colour=blue", "unknown key 'colour'"),
        ("pci:vendor", "part 'vendor' is not key=value"),
        ("pci:vendor=17cb,,device=a100", "empty part"),
        ("pci:vendor=17cb,vendor=8086", "key 'vendor' given twice"),
        ("pci:", "pci: needs vendor=, device= or slot="),
        ("pci:card=1", "card= alone selects nothing"),
        ("sys:", "sys: needs a sysfs path"),
        ("sys:devices/platform/vaccel", "path 'devices/platform/vaccel' is not absolute"),
        ("driver=", "driver= needs a driver name"),
        ("driver=a/b", "driver name 'a/b'"),
        ("reference:", "reference: needs a driver name"),
        ("accelx", "node name 'accelx' is not accel<N>"),
        ("accel_controlD0", "habanalabs' control node"),
        ("card0", "unknown device selector 'card0'"),
        ("drm:/dev/dri/card0", "unknown device selector 'drm:/dev/dri/card0'"),
    ])
    func malformedFormsNameTheBadPart(_ text: String, _ expectedPart: String) {
        do {
            let parsed = try DeviceSelector.parse(text)
            Issue.record("'\(text)' parsed as \(parsed), expected an error containing \(expectedPart)")
        } catch {
            #expect(error.message.contains(expectedPart), "message: \(error.message)")
            if !text.isEmpty { #expect(error.message.contains("'\(text)'"), "message names the selector: \(error.message)") }
        }
    }
}

@Suite struct SelectorResolutionTests {
    let roots = FixtureTrees.roots("mixed")

    func names(_ selector: String) throws -> [String] {
        try DeviceSelection.resolve(selector, roots: roots).map(\.device.identity.name)
    }

    @Test(arguments: [
        ("accel1", ["accel1"]),
        ("all", ["accel0", "accel1", "accel2"]),
        // card=N counts matches by slot: 0000:01:00.0 (accel1) before 0000:02:00.0 (accel0).
        ("pci:vendor=17cb", ["accel1"]),
        ("pci:vendor=17cb,card=0", ["accel1"]),
        ("pci:vendor=17cb,card=1", ["accel0"]),
        ("pci:vendor=17cb,card=all", ["accel1", "accel0"]),
        ("pci:vendor=qualcomm,device=aic100", ["accel0"]),
        ("pci:vendor=17cb,device=a080", ["accel1"]),
        ("pci:device=7d1d", ["accel2"]),
        ("pci:slot=0000:02:00.0", ["accel0"]),
        ("pci:slot=00:0b.0", ["accel2"]),
        ("driver=qaic", ["accel0", "accel1"]),
        ("driver=intel_vpu", ["accel2"]),
        // The default-root spelling of a sysfs path is rebased onto the fixture root.
        ("sys:/sys/devices/pci0000:00/0000:00:0b.0", ["accel2"]),
        ("sys:/sys/devices/pci0000:00/0000:00:02.0/0000:02:00.0/", ["accel0"]),
        ("sys:/sys/class/accel/accel1", ["accel1"]),
        ("sys:/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/accel/accel1", ["accel1"]),
    ])
    func selectorsPickTheRightDevice(_ selector: String, _ expected: [String]) throws {
        #expect(try names(selector) == expected)
    }

    @Test func absoluteFixturePathsWorkToo() throws {
        #expect(try names("sys:\(roots.sysfs)/class/accel/accel2") == ["accel2"])
        #expect(try names("sys:\(roots.sysfs)/devices/pci0000:00/0000:00:0b.0") == ["accel2"])
    }

    @Test func resolvedDevicesCarryIdentityAndNode() throws {
        let resolved = try #require(try DeviceSelection.resolve("pci:slot=0000:00:0b.0", roots: roots).first)
        #expect(resolved.selector == "pci:slot=0000:00:0b.0")
        #expect(resolved.device.identity.kernelDriver == "intel_vpu")
        #expect((resolved.device as? KernelDevice)?.path == "\(roots.dev)/accel/accel2")
    }

    @Test(arguments: ["accel7", "pci:vendor=1234", "pci:vendor=17cb,card=2", "pci:slot=0000:03:00.0", "driver=habanalabs",
                      "sys:/sys/devices/platform/vaccel"])
    func unmatchedSelectorIsAnError(_ selector: String) {
        do {
            let found = try names(selector)
            Issue.record("'\(selector)' matched \(found)")
        } catch let error as RunnerInputError {
            #expect(error.message.contains("device selector '\(selector)' matched no accel device"), "\(error.message)")
            #expect(error.message.contains("accel2 [intel_vpu, pci 8086:7d1d slot 0000:00:0b.0]"), "lists what exists: \(error.message)")
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test func noDeviceAtAll() throws {
        let none = FixtureTrees.roots("none")
        #expect(try DeviceSelection.resolve("all", roots: none).isEmpty)
        do {
            _ = try DeviceSelection.resolve("accel0", roots: none)
            Issue.record("accel0 matched on an empty tree")
        } catch let error as RunnerInputError {
            #expect(error.message.contains("none found"))
            #expect(error.message.contains("--device reference:qaic"))
        }
    }

    @Test func malformedSelectorFailsBeforeDiscovery() {
        // A bad root would also fail; the selector error must come first and name the selector.
        let bad = SystemRoots(sysfs: "/nonexistent")
        #expect(throws: RunnerInputError.self) { try DeviceSelection.resolve("pci:vendor=zz", roots: bad) }
        do {
            _ = try DeviceSelection.resolve("pci:vendor=zz", roots: bad)
        } catch {
            #expect("\(error)".contains("vendor value 'zz' is not a hex id"))
        }
    }

    @Test func missingRootNamesTheRoot() {
        do {
            _ = try DeviceSelection.resolve("all", roots: SystemRoots(sysfs: "/nonexistent/sys"))
            Issue.record("resolved on a missing root")
        } catch {
            #expect("\(error)".contains("sysfs root '/nonexistent/sys'"))
        }
    }

    @Test func severalSelectorsDropDuplicates() throws {
        let resolved = try DeviceSelection.resolve(["accel2", "all", "driver=qaic"], roots: roots)
        #expect(resolved.map(\.device.identity.name) == ["accel2", "accel0", "accel1"])
        #expect(resolved.map(\.selector) == ["accel2", "all", "all"])
    }

    @Test func unknownReferenceDriverNamesTheSelector() {
        do {
            _ = try DeviceSelection.resolve("reference:nosuchdriver", roots: roots)
            Issue.record("reference:nosuchdriver resolved")
        } catch {
            #expect("\(error)".contains("device selector 'reference:nosuchdriver'"))
        }
    }
}
