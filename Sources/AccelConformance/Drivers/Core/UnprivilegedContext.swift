import SystemPackage

/// The case-facing side of ``UnprivilegedCaller``: rows that need "a user without
/// CAP_SYS_ADMIN" open the node and issue the ioctl inside `asUnprivileged`.
extension CaseContext {
    /// Runs `body` as uid/gid 65534, a member of the node's group when the node grants its
    /// group access (as udev's `render` rule does, accel-core.md §1, §8).
    func asUnprivileged(_ body: () throws -> Void) throws {
        let group = UnprivilegedCaller.accessGroup(ofNode: device.identity.devicePath)
        do {
            try UnprivilegedCaller.run(extraGroup: group, body)
        } catch let failure as UnprivilegedCaller.SwitchFailed {
            throw CaseStop.fail(message: "fixture: switching to uid \(UnprivilegedCaller.uid): \(failure)",
                                expected: "0", actual: failure.errno.symbolicName)
        }
    }

    /// Opens the node as the current (unprivileged) user. A node that user may not open makes
    /// the row a skip: the permission rule under test is then unreachable, not broken.
    func openAsUnprivileged() throws -> any DeviceFile {
        do throws(Errno) {
            let file = try device.open(.standard)
            onTeardown { _ = try? file.close() }
            return file
        } catch where error == .permissionDenied || error == .notPermitted {
            try skip("uid \(UnprivilegedCaller.uid) cannot open the node (\(error.symbolicName)): "
                     + "it grants no group access (accel-core.md §1, §8)")
        } catch {
            throw CaseStop.fail(message: "fixture: open as uid \(UnprivilegedCaller.uid) failed",
                                expected: "0", actual: error.symbolicName)
        }
    }
}
