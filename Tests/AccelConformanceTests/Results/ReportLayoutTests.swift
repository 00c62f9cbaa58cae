import AccelConformance
import Foundation
import Testing

@Suite("Report layout")
struct ReportLayoutTests {
    /// Two qaic devices: sections are told apart by PCI slot, never by node number.
    static func twoDevices() -> RunResults {
        var results = ResultFixtures.results()
        var second = ResultFixtures.identity
        second.name = "accel1"
        second.devicePath = "/dev/accel/accel1"
        second.bus = .pci(.init(slot: "0000:02:00.0", vendor: 0x17cb, device: 0xa100))
        let name = ResultFixtures.name("qaic.create_bo.valid")
        results.metadata.devices.append(.init(selector: "pci:slot=0000:02:00.0", identity: second,
                                              profile: ResultFixtures.profile, plan: [name]))
        var record = ResultFixtures.record("qaic.create_bo.valid", .pass)
        record.device = "accel1"
        results.records.append(record)
        return results
    }

    @Test func devicesSharingADriverGetStableDistinctSections() {
        let layout = ReportLayout(Self.twoDevices())
        #expect(layout.sections.map(\.name) == ["qaic_0000_01_00_0", "qaic_0000_02_00_0"])
        #expect(layout.sections[1].entries.count == 1)
        #expect(layout.sections[0].groups.map(\.name).first == "core.version")
        #expect(layout.sections[0].groups.map(\.name).dropFirst().first == "create_bo")
    }

    @Test func everyFormatKeepsTheTwoDevicesApart() throws {
        let results = Self.twoDevices()
        let ktap = ResultWriters.ktap(results)
        #expect(ktap.contains("\n1..2\n"))
        #expect(ktap.contains("\nok 2 qaic_0000_02_00_0\n"))
        let junit = JUnitWriter.document(results)
        #expect(junit.contains("classname=\"qaic_0000_02_00_0.qaic.create_bo\" name=\"valid\""))
        let kcidb = try KCIDBWriter.document(results, options: ResultWriterOptions())
        #expect(kcidb.contains(":test:accel1:qaic.create_bo.valid\""))
        #expect(kcidb.contains(":test:accel0:qaic.create_bo.valid\""))
        #expect(KCIDBSubmissionCheck.problems(in: Data(kcidb.utf8)) == [])
    }

    @Test func recordsOfAnUnplannedDeviceStillAppear() {
        var results = ResultFixtures.results()
        var stray = ResultFixtures.record("qaic.create_bo.valid", .pass)
        stray.device = "reference:qaic"
        results.records.append(stray)
        let layout = ReportLayout(results)
        #expect(layout.sections.count == 2)
        #expect(layout.sections.last?.deviceName == "reference:qaic")
        #expect(CSVWriter.results(results).split(separator: "\n").count == 14)
    }
}
