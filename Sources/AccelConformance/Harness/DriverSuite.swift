import SystemPackage

/// Everything the suite knows about one accel driver: its name, its kernel profiles, its
/// uapi catalogue for traces, its tables, and the few capabilities the DRM-core tables need
/// (how to make a buffer). A new driver is a new folder with one type conforming to this.
public protocol DriverSuite: Sendable {
    /// DRM_IOCTL_VERSION name, e.g. `qaic`.
    var driverName: String { get }
    /// First part of every case name of this driver, e.g. `qaic`.
    var casePrefix: String { get }
    /// Oldest to newest.
    var profiles: [KernelProfile] { get }
    /// The profile for a kernel release; nil release (unknown) gives the driver's default.
    func profile(for release: KernelRelease?) -> KernelProfile
    /// The profile `--kernel-profile ID` names: an id of ``profiles`` or an old id kept as an
    /// alias; nil when unknown.
    func profile(named id: String) -> KernelProfile?
    /// ioctl names and decoders for traces (DRM core included).
    var catalog: IoctlCatalog { get }
    /// The driver's own tables (one per ioctl).
    var tables: [CaseTable] { get }
    /// What the generic DRM-core tables need from this driver.
    var core: CoreCapabilities { get }
}

extension DriverSuite {
    public func profile(named id: String) -> KernelProfile? { profiles.first { $0.id == id } }
}

/// The driver-specific answers the DRM-core-on-accel tables need.
public struct CoreCapabilities: Sendable {
    /// Creates a buffer object of at least `size` bytes and returns its GEM handle; nil when the
    /// driver has no GEM (habanalabs).
    public var createBuffer: (@Sendable (any DeviceFile, UInt64) throws(Errno) -> UInt32)?
    /// Returns the fake mmap offset of a buffer.
    public var mmapOffset: (@Sendable (any DeviceFile, UInt32) throws(Errno) -> UInt64)?
    /// Number of driver ioctls on a profile (for "nr past the end of the table").
    public var driverIoctlCount: @Sendable (KernelProfile) -> Int
    /// DRM_CAP_SYNCOBJ value the driver reports (0 unless DRIVER_SYNCOBJ).
    public var syncobj: Bool
    /// DRM_CAP_SYNCOBJ_TIMELINE: a separate driver feature (accel-core.md §5).
    public var syncobjTimeline: Bool
    /// VERSION major, minor, patchlevel the driver reports; nil when the tables cannot know.
    public var versionNumbers: [Int32]?
    /// Whether the driver uses GEM (habanalabs does not: GEM_CLOSE → EOPNOTSUPP).
    public var hasGEM: Bool { createBuffer != nil }
    /// Expected DRM_IOCTL_VERSION fields.
    public var versionDescription: String
    /// VERSION.date per profile; nil where the profile spans kernels that differ (not pinned).
    public var versionDate: @Sendable (KernelProfile) -> String?
    /// Whether the DRM core of a profile has DRM_IOCTL_SET_CLIENT_NAME (nr 0xD1); nil where the
    /// profile spans kernels with and without it.
    public var setClientName: @Sendable (KernelProfile) -> Bool?

    public init(createBuffer: (@Sendable (any DeviceFile, UInt64) throws(Errno) -> UInt32)?,
                mmapOffset: (@Sendable (any DeviceFile, UInt32) throws(Errno) -> UInt64)?,
                driverIoctlCount: @escaping @Sendable (KernelProfile) -> Int, syncobj: Bool,
                syncobjTimeline: Bool = false, versionNumbers: [Int32]? = nil,
                versionDescription: String, versionDate: @escaping @Sendable (KernelProfile) -> String?,
                setClientName: @escaping @Sendable (KernelProfile) -> Bool? = { _ in nil }) {
        self.createBuffer = createBuffer
        self.mmapOffset = mmapOffset
        self.driverIoctlCount = driverIoctlCount
        self.syncobj = syncobj
        self.syncobjTimeline = syncobjTimeline
        self.versionNumbers = versionNumbers
        self.versionDescription = versionDescription
        self.versionDate = versionDate
        self.setClientName = setClientName
    }
}
