import CAccelShim
import SystemPackage

/// drm_ioctl dispatch on an accel fd (accel-core.md §4): the type byte, the nr ranges and the
/// caller's size as DRM reads them, before any handler runs.
enum CoreDispatchTables {
    static let drmType = UInt8(ascii: "d")
    /// Driver ioctls occupy nr 0x40–0x9F (§4 step 3).
    static let driverBase = 0x40
    static let driverEnd = 0xA0

    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        let driverCount = driver.core.driverIoctlCount
        return [
            CaseTable(group: "core.dispatch", ioctl: "ioctl", rows: [
                .init("type_not_d", expect: .ENOTTY,
                      "§4 step 2: a cmd whose type byte is not 'd' → ENOTTY (VERSION's nr and size under "
                      + "type 'e')") { ctx in
                    let file = try ctx.open()
                    let request = IoctlRequest(direction: [.read, .write], type: UInt8(ascii: "e"), nr: 0x00,
                                               size: MemoryLayout<ac_drm_version>.size)
                    var args = ac_drm_version()
                    try ctx.expectIoctl(file, request, &args, "ioctl type 'e' nr 0x00")
                },
                .init("driver_nr_past_end", expect: .EINVAL,
                      "§4 step 3: nr − 0x40 ≥ the driver's ioctl count → EINVAL (the first nr past this "
                      + "profile's table)") { ctx in
                    let file = try ctx.open()
                    let nr = driverBase + driverCount(ctx.profile)
                    try ctx.require(nr < driverEnd, "driver table fills the whole driver range")
                    let request = IoctlRequest(direction: [], type: drmType, nr: UInt8(nr), size: 0)
                    try ctx.expectResult(file.result(request, nil), "driver ioctl nr 0x\(String(nr, radix: 16))")
                },
                .init("driver_nr_last", expect: .EINVAL,
                      "§4 step 3: the last driver nr 0x9F is past every accel driver's table → EINVAL") { ctx in
                    let file = try ctx.open()
                    try ctx.require(driverBase + driverCount(ctx.profile) <= 0x9F, "driver table reaches nr 0x9F")
                    let request = IoctlRequest(direction: [], type: drmType, nr: 0x9F, size: 0)
                    try ctx.expectResult(file.result(request, nil), "driver ioctl nr 0x9f")
                },
                .init("core_nr_past_table", expect: .EINVAL,
                      "§4 step 3, §5: a core nr beyond the core table (0xFF; the newest core ioctl is 0xD2) → EINVAL",
                      confidence: .derived) { ctx in
                    let file = try ctx.open()
                    let request = IoctlRequest(direction: [], type: drmType, nr: 0xFF, size: 0)
                    try ctx.expectResult(file.result(request, nil), "core ioctl nr 0xff")
                },
            ]),
            CaseTable(group: "core.dispatch", ioctl: "GET_CAP", rows: [
                .init("oversized_arg", expect: .success,
                      "§4 step 4: a caller size larger than the kernel's struct is not an error; the "
                      + "handler sees the truncated struct") { ctx in
                    let file = try ctx.open()
                    var args: (capability: UInt64, value: UInt64, extra: UInt64) =
                        (UInt64(AC_DRM_CAP_TIMESTAMP_MONOTONIC), 0xDEAD_BEEF, 0x5A5A_5A5A)
                    let request = DRMCoreRequest.getCap.withSize(MemoryLayout.size(ofValue: args))
                    guard try ctx.expectIoctl(file, request, &args,
                                              "GET_CAP TIMESTAMP_MONOTONIC with a 24-byte argument") else { return }
                    try ctx.assertEqual(args.value, 1, "value")
                },
                .init("undersized_arg", expect: .success,
                      "§4 steps 4, 6: a short caller size is zero-extended in and copied back at the "
                      + "caller's size only") { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_get_cap(capability: UInt64(AC_DRM_CAP_TIMESTAMP_MONOTONIC), value: 0xDEAD_BEEF)
                    let request = DRMCoreRequest.getCap.withSize(MemoryLayout<UInt64>.size)
                    guard try ctx.expectIoctl(file, request, &args,
                                              "GET_CAP TIMESTAMP_MONOTONIC with an 8-byte argument") else { return }
                    try ctx.assertEqual(args.capability, UInt64(AC_DRM_CAP_TIMESTAMP_MONOTONIC),
                                        "capability copied back")
                    try ctx.assertEqual(args.value, 0xDEAD_BEEF,
                                        "value beyond the caller's 8 bytes (must stay untouched)")
                },
            ]),
            CaseTable(group: "core.dispatch", ioctl: "VERSION", rows: [
                .init("undersized_zero_extended", expect: .success,
                      "§4 step 4: a 16-byte VERSION is zero-extended, so the handler sees zero lengths and NULL "
                      + "buffers and copies no string",
                      confidence: .derived) { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_version()
                    args.name_len = 0x5A5A
                    let request = DRMCoreRequest.version.withSize(16)
                    guard try ctx.expectIoctl(file, request, &args, "VERSION with a 16-byte argument") else { return }
                    try ctx.assertEqual(args.name_len, 0x5A5A,
                                        "name_len beyond the caller's 16 bytes (must stay untouched)")
                },
            ]),
        ]
    }
}
