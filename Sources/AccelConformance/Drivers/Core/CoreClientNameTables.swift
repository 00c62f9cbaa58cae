import SystemPackage

/// DRM_IOCTL_SET_CLIENT_NAME (nr 0xD1, DRM_RENDER_ALLOW; accel-core.md §5): on kernels whose
/// core table has it, `drivers/gpu/drm/drm_ioctl.c:drm_set_client_name` copies up to 64
/// printable, space-free bytes (`memdup_user_nul`, then `drm_validate_value_string`); on
/// kernels without it nr 0xD1 is past the core table → EINVAL (accel-core.md §4 step 3).
enum CoreClientNameTables {
    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        [CaseTable(group: "core.set_client_name", ioctl: "SET_CLIENT_NAME", rows: [
            .init("valid", expect: perProfile(driver, present: .success),
                  "§5 SET_CLIENT_NAME: a printable name of ≤ 64 bytes → 0 (7.3: drm_ioctl.c:drm_set_client_name); "
                      + "EINVAL where nr 0xD1 is past the core table (6.12)") { ctx in
                try setName(ctx, Array("accel-conformance".utf8))
            },
            .init("empty", expect: perProfile(driver, present: .success),
                  "§5 SET_CLIENT_NAME: name_len 0 clears the name → 0 (drm_set_client_name: new_name = NULL); "
                      + "EINVAL without the ioctl") { ctx in
                try setName(ctx, [])
            },
            .init("name_unmapped", expect: perProfile(driver, present: .EFAULT),
                  "§5 SET_CLIENT_NAME: memdup_user_nul of an unmapped name faults → EFAULT (7.3); "
                      + "EINVAL without the ioctl") { ctx in
                let file = try ctx.open()
                var args: (nameLength: UInt64, name: UInt64) = (8, try ctx.unmappedAddress())
                try ctx.expectIoctl(file, DRMCoreRequest.setClientName, &args, "SET_CLIENT_NAME from an unmapped name")
            },
            .init("name_with_space", expect: .EINVAL,
                  "§5 SET_CLIENT_NAME: a space is not isgraph → EINVAL (drm_validate_value_string); "
                      + "EINVAL without the ioctl") { ctx in
                try setName(ctx, Array("accel conformance".utf8))
            },
            .init("name_65_bytes", expect: .EINVAL,
                  "§5 SET_CLIENT_NAME: name_len 65 > DRM_CLIENT_NAME_MAX_LEN (64) → EINVAL; "
                      + "EINVAL without the ioctl") { ctx in
                try setName(ctx, [UInt8](repeating: UInt8(ascii: "a"), count: 65))
            },
        ])]
    }

    /// `present` where the profile's core table has SET_CLIENT_NAME, EINVAL where it does not,
    /// not applicable where the profile spans kernels of both kinds.
    static func perProfile(_ driver: any DriverSuite, present: Expected) -> ProfileExpectation {
        ProfileExpectation(driver.profiles.map { profile in
            switch driver.core.setClientName(profile) {
            case true?: return (.only(profile), .expect(present))
            case false?: return (.only(profile), .expect(.EINVAL))
            case nil:
                return (.only(profile), .notApplicable("whether this profile's DRM core has SET_CLIENT_NAME (nr 0xD1) "
                                                       + "is not pinned: it spans kernels with and without it"))
            }
        })
    }

    private static func setName(_ ctx: CaseContext, _ name: [UInt8]) throws {
        let file = try ctx.open()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(name.count, 1), alignment: 8)
        ctx.onTeardown { buffer.deallocate() }
        buffer.copyBytes(from: name)
        let address = UInt64(UInt(bitPattern: buffer.baseAddress))
        var args: (nameLength: UInt64, name: UInt64) = (UInt64(name.count), address)
        try ctx.expectIoctl(file, DRMCoreRequest.setClientName, &args, "SET_CLIENT_NAME name_len=\(name.count)")
    }
}
