import CAccelShim
import SystemPackage

/// DRM_IOCTL_VERSION through libdrm on a node discovery found.
///
/// Failing to open the node is normal (fixture placeholders, no permission, qaic before its
/// firmware is up), so every failure becomes a note for the identity, never an error.
enum DRMVersionQuery {
    static func query(nodePath: String) -> Result<DeviceIdentity.DRMVersion, QueryNote> {
        guard SysfsTree.exists(nodePath) else {
            return .failure(QueryNote("VERSION not collected: \(nodePath) does not exist"))
        }
        // Plain files stand in for nodes in fixture trees (git cannot store device nodes);
        // opening one and sending it a DRM ioctl would prove nothing.
        guard SysfsTree.isCharacterDevice(nodePath) else {
            return .failure(QueryNote("VERSION not collected: \(nodePath) is not a character device (fixture placeholder?)"))
        }
        let fd = ac_open(nodePath, OpenFlags.standard.rawValue)
        guard fd >= 0 else {
            return .failure(QueryNote("VERSION not collected: cannot open \(nodePath) (\(Errno(rawValue: -fd).symbolicName))"))
        }
        defer { _ = ac_close(fd) }

        guard let version = drmGetVersion(fd) else {
            return .failure(QueryNote("VERSION not collected: DRM_IOCTL_VERSION on \(nodePath) failed"))
        }
        defer { drmFreeVersion(version) }
        let fields = version.pointee
        return .success(DeviceIdentity.DRMVersion(
            name: string(fields.name, length: fields.name_len),
            description: string(fields.desc, length: fields.desc_len),
            date: string(fields.date, length: fields.date_len),
            major: fields.version_major, minor: fields.version_minor, patchLevel: fields.version_patchlevel))
    }

    /// The kernel copies no NUL terminator (accel-core.md §2), so the length decides.
    private static func string(_ pointer: UnsafeMutablePointer<CChar>?, length: CInt) -> String {
        guard let pointer, length > 0 else { return "" }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: Int(length))
        return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    struct QueryNote: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }
}
