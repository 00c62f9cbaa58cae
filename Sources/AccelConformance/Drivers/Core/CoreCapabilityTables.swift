import CAccelShim
import SystemPackage

/// DRM_IOCTL_GET_CAP and DRM_IOCTL_SET_CLIENT_CAP on an accel fd (accel-core.md §5): only
/// the non-KMS caps answer; every client cap is KMS-only.
enum CoreCapabilityTables {
    /// A cap number no kernel defines.
    static let unknownCap: UInt64 = 0x7FFF_FFFF

    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        let syncobj: UInt64 = driver.core.syncobj ? 1 : 0
        let timeline: UInt64 = driver.core.syncobjTimeline ? 1 : 0
        return [
            CaseTable(group: "core.get_cap", ioctl: "GET_CAP", rows: [
                capRow("timestamp_monotonic", UInt64(AC_DRM_CAP_TIMESTAMP_MONOTONIC), value: 1,
                       "§5 GET_CAP: DRM_CAP_TIMESTAMP_MONOTONIC → 1 on every accel driver"),
                capRow(
                    "prime", UInt64(AC_DRM_CAP_PRIME), value: UInt64(AC_DRM_PRIME_CAP_IMPORT | AC_DRM_PRIME_CAP_EXPORT),
                       "§5 GET_CAP: DRM_CAP_PRIME → 3 (import | export)"),
                capRow("syncobj", UInt64(AC_DRM_CAP_SYNCOBJ), value: syncobj,
                       "§5 GET_CAP: DRM_CAP_SYNCOBJ reports the driver's DRIVER_SYNCOBJ feature"),
                capRow("syncobj_timeline", UInt64(AC_DRM_CAP_SYNCOBJ_TIMELINE), value: timeline,
                       "§5 GET_CAP: DRM_CAP_SYNCOBJ_TIMELINE reports the driver's DRIVER_SYNCOBJ_TIMELINE feature"),
                capRow("dumb_buffer", UInt64(AC_DRM_CAP_DUMB_BUFFER), value: nil,
                       "§5 GET_CAP: KMS caps such as DUMB_BUFFER → EOPNOTSUPP (accel drivers never have "
                       + "DRIVER_MODESET)"),
                capRow("unknown_cap", unknownCap, value: nil,
                       "§5 GET_CAP: any cap outside the non-KMS set → EOPNOTSUPP, checked before the unknown-cap "
                       + "default"),
            ]),
            CaseTable(group: "core.set_client_cap", ioctl: "SET_CLIENT_CAP", rows: [
                clientCapRow("stereo_3d", UInt64(AC_DRM_CLIENT_CAP_STEREO_3D)),
                clientCapRow("universal_planes", UInt64(AC_DRM_CLIENT_CAP_UNIVERSAL_PLANES)),
                clientCapRow("atomic", UInt64(AC_DRM_CLIENT_CAP_ATOMIC)),
                clientCapRow("unknown_cap", unknownCap),
            ]),
        ]
    }

    /// GET_CAP of `cap`: `value` nil means the cap must be refused with EOPNOTSUPP.
    static func capRow(_ name: String, _ cap: UInt64, value: UInt64?, _ rationale: String,
                       confidence: Confidence = .verified) -> CaseTable.Row {
        .init(name, expect: value == nil ? .EOPNOTSUPP : .success, rationale, confidence: confidence) { ctx in
            let file = try ctx.open()
            var args = ac_drm_get_cap(capability: cap, value: 0xDEAD_BEEF)
            guard try ctx.expectIoctl(file, DRMCoreRequest.getCap, &args,
                                      "GET_CAP 0x\(String(cap, radix: 16))") else { return }
            if let value { try ctx.assertEqual(args.value, value, "GET_CAP 0x\(String(cap, radix: 16)) value") }
        }
    }

    static func clientCapRow(_ name: String, _ cap: UInt64) -> CaseTable.Row {
        .init(name, expect: .EOPNOTSUPP,
              "§5 SET_CLIENT_CAP: every settable cap is KMS-only, refused before the cap switch → EOPNOTSUPP") { ctx in
            let file = try ctx.open()
            var args = ac_drm_set_client_cap(capability: cap, value: 1)
            try ctx.expectIoctl(file, DRMCoreRequest.setClientCap, &args,
                                "SET_CLIENT_CAP 0x\(String(cap, radix: 16)) = 1")
        }
    }
}
