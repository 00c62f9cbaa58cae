import Foundation
import Testing
@testable import AccelConformance

/// What `conformance-runner devices` prints (the command calls DeviceListing).
@Suite struct DeviceListingTests {
    @Test func jsonListsFixtureDeviceAndReference() throws {
        let identities = try DeviceListing.identities(roots: FixtureTrees.roots("qaic"))
        let json = try DeviceListing.json(identities)

        let decoded = try JSONDecoder().decode([DeviceIdentity].self, from: Data(json.utf8))
        #expect(decoded == identities)
        #expect(decoded.filter { !$0.isReference }.map(\.name) == ["accel0"])
        #expect(decoded.first?.kernelDriver == "qaic")
        let references = decoded.filter(\.isReference)
        #expect(references.map(\.name) == ReferenceDevices.available.map { "reference:\($0)" }
                || references.map { $0.driverName ?? "" } == ReferenceDevices.available)
        #expect(references.count == ReferenceDevices.available.count)

        // ci/main-job.sh greps for exactly this spelling.
        #expect(json.contains("\"isReference\" : false"))
        #expect(json.contains("\"isReference\" : true"))
        #expect(json.contains("\"name\" : \"accel0\""))
    }

    @Test func noDeviceListsOnlyReferenceAndSaysSo() throws {
        let roots = FixtureTrees.roots("none")
        let identities = try DeviceListing.identities(roots: roots)
        #expect(!identities.isEmpty)
        #expect(identities.allSatisfy { $0.isReference })
        #expect(!(try DeviceListing.json(identities)).contains("\"isReference\" : false"))

        let table = DeviceListing.table(identities, roots: roots)
        #expect(table.contains("No accel device found under \(roots.sysfs)/class/accel."))
        #expect(table.contains("--device reference:qaic"))
    }

    @Test func tableShowsIdentityColumns() throws {
        let roots = FixtureTrees.roots("qaic")
        let table = DeviceListing.table(try DeviceListing.identities(roots: roots), roots: roots)
        let lines = table.split(separator: "\n").map(String.init)
        let header = try #require(lines.first)
        for column in ["NAME", "NODE", "DRIVER", "VERSION", "BUS", "MODULE", "KERNEL", "TAINT"] {
            #expect(header.contains(column))
        }
        let row = try #require(lines.first { $0.hasPrefix("accel0 ") })
        #expect(row.contains("\(roots.dev)/accel/accel0"))
        #expect(row.contains("pci 17cb:a100 (sub 17cb:a100, class 0x120000) 0000:01:00.0"))
        #expect(row.contains("qaic (0A1B2C3D4E5F60718293A4B)"))
        #expect(row.contains("6.12.95+deb12-amd64"))
        #expect(row.hasSuffix("12288"))
        #expect(lines.contains { $0.hasPrefix("reference:qaic ") })
        #expect(!table.contains("No accel device found"))
        #expect(table.contains("  accel0: VERSION not collected"))
    }

    @Test func selectorsNarrowTheList() throws {
        let roots = FixtureTrees.roots("mixed")
        let identities = try DeviceListing.identities(roots: roots, selectors: ["driver=intel_vpu"])
        #expect(identities.map(\.name) == ["accel2"])
        #expect(throws: RunnerInputError.self) {
            try DeviceListing.identities(roots: roots, selectors: ["pci:vendor=zz"])
        }
    }

    @Test func badRootIsInputError() {
        #expect(throws: RunnerInputError.self) {
            try DeviceListing.identities(roots: SystemRoots(sysfs: "/nonexistent/sys"))
        }
    }

    @Test func referenceEntriesNeverFail() throws {
        let references = try DeviceListing.referenceIdentities()
        #expect(references.count == ReferenceDevices.available.count)
        #expect(references.allSatisfy { $0.isReference })
    }
}

@Suite struct DeviceListingInputTests {
    /// A profile the user asked for is input; if no reference device accepts it, that is an error.
    @Test func unknownProfileForReferenceIsInputError() {
        #expect(throws: RunnerInputError.self) {
            try DeviceListing.identities(roots: FixtureTrees.roots("none"), referenceProfile: "no-such-profile")
        }
    }
}
