import Testing
@testable import AccelConformance
import CAccelShim

/// Trace names and decoders of the DRM core ioctls.
@Suite struct DRMCoreCatalogTests {
    static let expectedNames: [(IoctlRequest, String)] = [
        (DRMCoreRequest.version, "VERSION"), (DRMCoreRequest.getUnique, "GET_UNIQUE"),
        (DRMCoreRequest.getMagic, "GET_MAGIC"), (DRMCoreRequest.getClient, "GET_CLIENT"),
        (DRMCoreRequest.getStats, "GET_STATS"), (DRMCoreRequest.setVersion, "SET_VERSION"),
        (DRMCoreRequest.gemClose, "GEM_CLOSE"), (DRMCoreRequest.gemFlink, "GEM_FLINK"),
        (DRMCoreRequest.gemOpen, "GEM_OPEN"), (DRMCoreRequest.getCap, "GET_CAP"),
        (DRMCoreRequest.setClientCap, "SET_CLIENT_CAP"), (DRMCoreRequest.authMagic, "AUTH_MAGIC"),
        (DRMCoreRequest.setMaster, "SET_MASTER"), (DRMCoreRequest.dropMaster, "DROP_MASTER"),
        (DRMCoreRequest.primeHandleToFD, "PRIME_HANDLE_TO_FD"), (DRMCoreRequest.primeFDToHandle, "PRIME_FD_TO_HANDLE"),
        (DRMCoreRequest.modeGetResources, "MODE_GETRESOURCES"), (DRMCoreRequest.syncobjCreate, "SYNCOBJ_CREATE"),
        (DRMCoreRequest.setClientName, "SET_CLIENT_NAME"),
    ]

    /// Not in the 6.12-based shim: DRM_IOWR(0xD1, struct drm_set_client_name) of 7.3's drm.h.
    @Test func setClientNameHasThe73Number() {
        #expect(DRMCoreRequest.setClientName.rawValue == 0xC010_64D1)
    }

    @Test func everyCoreRequestHasItsUapiName() {
        for (request, name) in Self.expectedNames {
            let descriptor = DRMCoreCatalog.catalog.descriptor(for: request)
            #expect(descriptor?.name == name)
            #expect(descriptor?.request == request)
        }
        #expect(DRMCoreCatalog.catalog.descriptors.count == Self.expectedNames.count)
    }

    @Test func versionOutReadsStringsAtTheReportedLengths() throws {
        let name = Array("drvname".utf8)
        let descriptor = try #require(DRMCoreCatalog.catalog.descriptor(for: DRMCoreRequest.version))
        name.withUnsafeBufferPointer { buffer in
            var version = ac_drm_version()
            version.name_len = 3
            version.name = UInt64(UInt(bitPattern: buffer.baseAddress))
            version.date_len = 5
            version.date = 0x10 // unmapped: must be shown, not crash
            let out = withUnsafeBytes(of: &version) { descriptor.decodeOut!($0.baseAddress!) }
            #expect(out["name"] == "drv")
            #expect(out["name_len"]?.uint64Value == 3)
            #expect(out["date"]?["unreadable"] == "0x10")
            #expect(out["desc"] == .null)
            let input = withUnsafeBytes(of: &version) { descriptor.decodeIn($0.baseAddress!) }
            #expect(input["name"]?.stringValue?.hasPrefix("0x") == true)
            #expect(input["date"] == "0x10")
        }
    }

    @Test func fieldsCarryUapiNames() throws {
        var prime = ac_drm_prime_handle(handle: 7, flags: 0o2000002, fd: -1)
        let descriptor = try #require(DRMCoreCatalog.catalog.descriptor(for: DRMCoreRequest.primeFDToHandle))
        let decoded = withUnsafeBytes(of: &prime) { descriptor.decodeIn($0.baseAddress!) }
        #expect(decoded == ["handle": 7, "flags": .uint(0o2000002), "fd": -1])

        var stats = ac_drm_stats()
        stats.count = 2
        stats.data.0 = ac_drm_stats_entry(value: 5, type: 1, reserved0: 0)
        stats.data.1 = ac_drm_stats_entry(value: 6, type: 2, reserved0: 0)
        let statsDescriptor = try #require(DRMCoreCatalog.catalog.descriptor(for: DRMCoreRequest.getStats))
        let out = withUnsafeBytes(of: &stats) { statsDescriptor.decodeOut!($0.baseAddress!) }
        #expect(out == ["count": 2, "data": [["value": 5, "type": 1], ["value": 6, "type": 2]]])
    }

    @Test func driverCatalogIncludesTheCore() {
        let catalog = QAICSuite().catalog
        for (request, name) in Self.expectedNames {
            #expect(catalog.descriptor(for: request)?.name == name)
        }
    }
}
