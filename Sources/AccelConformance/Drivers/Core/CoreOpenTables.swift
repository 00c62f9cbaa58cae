import SystemPackage

/// open(2) of an accel node (accel-core.md §3): the DRM open helper's rules.
enum CoreOpenTables {
    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        [CaseTable(group: "core.open", ioctl: "open", rows: [
            .init("read_write", expect: .success,
                  "§3: open goes accel_open → drm_open_helper; a plain O_RDWR open of an online node succeeds") { ctx in
                try ctx.expectOpen(.standard, "open(O_RDWR | O_CLOEXEC)")
            },
            .init("second_fd", expect: .success,
                  "§3, §6: files are independent; a second open while one is held succeeds (per-fd state)") { ctx in
                _ = try ctx.open()
                try ctx.expectOpen(.standard, "second open(O_RDWR | O_CLOEXEC)")
            },
            .init("exclusive", expect: .EBUSY,
                  "§3: opening with O_EXCL → EBUSY (drm_open_helper, any accel driver)") { ctx in
                try ctx.expectOpen([.readWrite, .closeOnExec, .exclusive], "open(O_RDWR | O_EXCL)")
            },
        ])]
    }
}

extension CaseContext {
    /// open(2) as the operation under test; a file that was opened is closed at tear-down.
    func expectOpen(_ flags: OpenFlags, _ what: String) throws {
        let result: Result<Void, Errno>
        do throws(Errno) {
            let file = try device.open(flags)
            onTeardown { _ = try? file.close() }
            result = .success(())
        } catch {
            result = .failure(error)
        }
        try expectResult(result, what)
    }
}
