import CAccelShim
import SystemPackage

/// DRM_IOCTL_GEM_CLOSE (accel-core.md §5, §6): per-fd handle deletion.
enum CoreGEMCloseTables {
    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        let hasGEM = driver.core.createBuffer != nil
        return [CaseTable(group: "core.gem_close", ioctl: "GEM_CLOSE", rows: [
            .init("own_handle", expect: CoreTables.withGEM(driver, .success),
                  "§5 GEM_CLOSE: an own handle → 0") { ctx in
                let file = try ctx.open()
                let handle = try ctx.buffer(on: file, size: UInt64(ctx.pageSize))
                var args = ac_drm_gem_close(handle: handle, pad: 0)
                try ctx.expectIoctl(file, DRMCoreRequest.gemClose, &args, "GEM_CLOSE of an own handle")
            },
            .init("unknown_handle", expect: hasGEM ? .EINVAL : .EOPNOTSUPP,
                  "§5 GEM_CLOSE: a handle the fd does not hold → EINVAL (no GEM: EOPNOTSUPP)") { ctx in
                let file = try ctx.open()
                // A fresh fd holds no handle at all, so 1 (the first number handed out, §6) is unknown.
                var args = ac_drm_gem_close(handle: 1, pad: 0)
                try ctx.expectIoctl(file, DRMCoreRequest.gemClose, &args, "GEM_CLOSE of handle 1 on a fresh fd")
            },
            .init("handle_zero", expect: hasGEM ? .EINVAL : .EOPNOTSUPP,
                  "§5, §6 GEM_CLOSE: handles are numbered from 1, so 0 is never held → EINVAL") { ctx in
                let file = try ctx.open()
                if hasGEM { _ = try ctx.buffer(on: file, size: UInt64(ctx.pageSize)) }
                var args = ac_drm_gem_close(handle: 0, pad: 0)
                try ctx.expectIoctl(file, DRMCoreRequest.gemClose, &args, "GEM_CLOSE of handle 0")
            },
            .init("double_close", expect: CoreTables.withGEM(driver, .EINVAL),
                  "§5, §6 GEM_CLOSE: the second close of a handle finds it gone → EINVAL") { ctx in
                let file = try ctx.open()
                let handle = try ctx.buffer(on: file, size: UInt64(ctx.pageSize))
                try ctx.closeHandle(file, handle)
                var args = ac_drm_gem_close(handle: handle, pad: 0)
                try ctx.expectIoctl(file, DRMCoreRequest.gemClose, &args, "second GEM_CLOSE of handle \(handle)")
            },
            .init("pad_nonzero", expect: CoreTables.withGEM(driver, .success),
                  "§5 GEM_CLOSE: pad is not checked, so an own handle with pad ≠ 0 → 0") { ctx in
                let file = try ctx.open()
                let handle = try ctx.buffer(on: file, size: UInt64(ctx.pageSize))
                var args = ac_drm_gem_close(handle: handle, pad: 0xFFFF_FFFF)
                try ctx.expectIoctl(file, DRMCoreRequest.gemClose, &args, "GEM_CLOSE with pad 0xffffffff")
            },
        ])]
    }
}
