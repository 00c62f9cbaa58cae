/// Who a device is: enough to pick the right tables, derive the kernel profile and name the
/// device in a report. Collected by discovery for kernel devices; the reference device fills
/// it in for itself.
public struct DeviceIdentity: Codable, Hashable, Sendable {
    /// `accel0`, or `reference:qaic` for the built-in device.
    public var name: String
    /// `/dev/accel/accel0`; nil for the reference device.
    public var devicePath: String?
    /// `/sys/class/accel/accel0` resolved to its device path; nil for the reference device.
    public var sysfsPath: String?
    /// Basename of the sysfs `device/driver` link (the bound kernel driver).
    public var kernelDriver: String?
    /// DRM_IOCTL_VERSION, when the node could be opened.
    public var drmVersion: DRMVersion?
    public var bus: Bus?
    public var module: KernelModule?
    /// `uname -r` of the kernel serving the device (or the release the reference emulates).
    public var kernelRelease: String
    /// `/proc/sys/kernel/tainted` when identity was taken.
    public var taint: UInt64?
    /// True for the in-process reference device.
    public var isReference: Bool
    /// Why some part could not be collected (no permission to open the node, …).
    public var notes: [String]

    public init(name: String, devicePath: String? = nil, sysfsPath: String? = nil, kernelDriver: String? = nil,
                drmVersion: DRMVersion? = nil, bus: Bus? = nil, module: KernelModule? = nil,
                kernelRelease: String, taint: UInt64? = nil, isReference: Bool = false, notes: [String] = []) {
        self.name = name
        self.devicePath = devicePath
        self.sysfsPath = sysfsPath
        self.kernelDriver = kernelDriver
        self.drmVersion = drmVersion
        self.bus = bus
        self.module = module
        self.kernelRelease = kernelRelease
        self.taint = taint
        self.isReference = isReference
        self.notes = notes
    }

    /// The DRM driver name: VERSION.name when known, else the bound kernel driver.
    public var driverName: String? { drmVersion?.name ?? kernelDriver }

    public struct DRMVersion: Codable, Hashable, Sendable {
        public var name: String
        public var description: String
        public var date: String
        public var major: Int32
        public var minor: Int32
        public var patchLevel: Int32
        public init(name: String, description: String, date: String, major: Int32, minor: Int32, patchLevel: Int32) {
            self.name = name
            self.description = description
            self.date = date
            self.major = major
            self.minor = minor
            self.patchLevel = patchLevel
        }
    }

    /// Encoded as `{"pci": {...}}` or `{"platform": "name"}`, the shape a reader expects.
    public enum Bus: Codable, Hashable, Sendable {
        case pci(PCI)
        case platform(name: String)

        private enum CodingKeys: String, CodingKey { case pci, platform }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let pci = try container.decodeIfPresent(PCI.self, forKey: .pci) {
                self = .pci(pci)
            } else {
                self = .platform(name: try container.decode(String.self, forKey: .platform))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .pci(let pci): try container.encode(pci, forKey: .pci)
            case .platform(let name): try container.encode(name, forKey: .platform)
            }
        }
    }

    /// PCI ids are written as lower-case hex strings (`"17cb"`), as lspci and uevent show them.
    public struct PCI: Codable, Hashable, Sendable {
        /// `0000:01:00.0`: the stable identity used in reports.
        public var slot: String
        public var vendor: UInt16
        public var device: UInt16
        public var subsystemVendor: UInt16?
        public var subsystemDevice: UInt16?
        public var pciClass: UInt32?
        public init(slot: String, vendor: UInt16, device: UInt16, subsystemVendor: UInt16? = nil,
                    subsystemDevice: UInt16? = nil, pciClass: UInt32? = nil) {
            self.slot = slot
            self.vendor = vendor
            self.device = device
            self.subsystemVendor = subsystemVendor
            self.subsystemDevice = subsystemDevice
            self.pciClass = pciClass
        }

        private enum CodingKeys: String, CodingKey {
            case slot, vendor, device, subsystemVendor, subsystemDevice, pciClass
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func hex<T: FixedWidthInteger>(_ key: CodingKeys, _: T.Type) throws -> T? {
                guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
                guard let value = T(text, radix: 16) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(text)' is not a hex id")
                }
                return value
            }
            slot = try c.decode(String.self, forKey: .slot)
            guard let vendor = try hex(.vendor, UInt16.self), let device = try hex(.device, UInt16.self) else {
                throw DecodingError.dataCorruptedError(forKey: .vendor, in: c, debugDescription: "vendor and device are required")
            }
            self.vendor = vendor
            self.device = device
            subsystemVendor = try hex(.subsystemVendor, UInt16.self)
            subsystemDevice = try hex(.subsystemDevice, UInt16.self)
            pciClass = try hex(.pciClass, UInt32.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            func hex<T: FixedWidthInteger>(_ value: T, width: Int) -> String {
                let digits = String(value, radix: 16)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            try c.encode(slot, forKey: .slot)
            try c.encode(hex(vendor, width: 4), forKey: .vendor)
            try c.encode(hex(device, width: 4), forKey: .device)
            try c.encodeIfPresent(subsystemVendor.map { hex($0, width: 4) }, forKey: .subsystemVendor)
            try c.encodeIfPresent(subsystemDevice.map { hex($0, width: 4) }, forKey: .subsystemDevice)
            try c.encodeIfPresent(pciClass.map { hex($0, width: 6) }, forKey: .pciClass)
        }
    }

    public struct KernelModule: Codable, Hashable, Sendable {
        public var name: String
        public var version: String?
        public var srcversion: String?
        public var filename: String?
        public var parameters: [String: String]
        public init(name: String, version: String? = nil, srcversion: String? = nil, filename: String? = nil,
                    parameters: [String: String] = [:]) {
            self.name = name
            self.version = version
            self.srcversion = srcversion
            self.filename = filename
            self.parameters = parameters
        }
    }
}
