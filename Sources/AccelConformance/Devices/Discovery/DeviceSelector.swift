/// A parsed `--device` selector, in IGT's syntax over the `accel` class (conventions.md §3.8).
public enum DeviceSelector: Equatable, Sendable {
    /// Every discovered accel device (possibly none).
    case all
    /// `accelN`: a node name. Unstable across boots; fine for a single machine.
    case node(index: Int)
    /// `sys:PATH`: the sysfs path of the parent device, of the accel node, or its class entry.
    case sysfs(path: String)
    /// `pci:vendor=…,device=…,card=…` / `pci:slot=…`.
    case pci(PCIFilter)
    /// `driver=NAME`: DRM VERSION name or bound kernel driver.
    case driver(name: String)
    /// `reference:DRIVER`: the built-in reference device.
    case reference(driver: String)

    public struct PCIFilter: Equatable, Sendable {
        public var vendor: UInt16?
        public var device: UInt16?
        /// Normalised `dddd:bb:dd.f`, lower case.
        public var slot: String?
        public var card: Card

        public init(vendor: UInt16? = nil, device: UInt16? = nil, slot: String? = nil, card: Card = .index(0)) {
            self.vendor = vendor
            self.device = device
            self.slot = slot
            self.card = card
        }
    }

    /// Which of several matching PCI devices, ordered by slot. IGT's default is the first.
    public enum Card: Equatable, Sendable {
        case index(Int)
        case all
    }

    private static let forms = "accelN, sys:PATH, pci:vendor=V[,device=D][,card=N|all|*], pci:slot=S, driver=NAME, reference:DRIVER or all"

    /// Parses `text`; a malformed selector gets an error naming the bad part.
    public static func parse(_ text: String) throws(RunnerInputError) -> DeviceSelector {
        func bad(_ reason: String) -> RunnerInputError {
            RunnerInputError("device selector '\(text)': \(reason)")
        }
        if text.isEmpty { throw RunnerInputError("empty device selector (expected \(forms))") }
        if text == "all" { return .all }
        if text.hasPrefix("reference:") {
            let driver = String(text.dropFirst("reference:".count))
            if driver.isEmpty {
                throw bad("reference: needs a driver name")
            }
            return .reference(driver: driver)
        }
        if text.hasPrefix("sys:") {
            let path = String(text.dropFirst("sys:".count))
            if path.isEmpty { throw bad("sys: needs a sysfs path") }
            if !path.hasPrefix("/") { throw bad("sys: path '\(path)' is not absolute") }
            return .sysfs(path: path)
        }
        if text.hasPrefix("pci:") {
            return .pci(try parsePCI(String(text.dropFirst("pci:".count)), bad: bad))
        }
        if text.hasPrefix("driver=") {
            let name = String(text.dropFirst("driver=".count))
            if name.isEmpty { throw bad("driver= needs a driver name") }
            if name.contains(where: { $0 == "/" || $0 == "," || $0 == " " }) {
                throw bad("driver name '\(name)' contains '/', ',' or a space")
            }
            return .driver(name: name)
        }
        if text.hasPrefix("accel") {
            if let index = AccelDiscovery.accelIndex(text) { return .node(index: index) }
            if text.hasPrefix("accel_controlD") {
                throw bad("'\(text)' is habanalabs' control node, not a DRM accel device; use accel<N>")
            }
            throw bad("node name '\(text)' is not accel<N> (N a decimal number)")
        }
        throw RunnerInputError("unknown device selector '\(text)' (expected \(forms))")
    }

    private static func parsePCI(_ body: String, bad: (String) -> RunnerInputError) throws(RunnerInputError) -> PCIFilter {
        if body.isEmpty { throw bad("pci: needs vendor=, device= or slot=") }
        var filter = PCIFilter()
        var seen: Set<String> = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard let equals = part.firstIndex(of: "=") else {
                throw bad(part.isEmpty ? "pci: has an empty part (stray ',')" : "pci: part '\(part)' is not key=value")
            }
            let key = String(part[..<equals])
            let value = String(part[part.index(after: equals)...])
            guard seen.insert(key).inserted else { throw bad("pci: key '\(key)' given twice") }
            switch key {
            case "vendor":
                guard let id = hexID(value) ?? PCINames.vendors[value.lowercased()] else {
                    throw bad("vendor value '\(value)' is not a hex id (or one of the names: \(PCINames.vendors.keys.sorted().joined(separator: ", ")))")
                }
                filter.vendor = id
            case "device":
                guard let id = hexID(value) ?? PCINames.devices[value.lowercased()] else {
                    throw bad("device value '\(value)' is not a hex id (or one of the names: \(PCINames.devices.keys.sorted().joined(separator: ", ")))")
                }
                filter.device = id
            case "slot":
                guard let slot = normalisedSlot(value) else {
                    throw bad("slot value '\(value)' is not a PCI address (dddd:bb:dd.f or bb:dd.f)")
                }
                filter.slot = slot
            case "card":
                if value == "all" || value == "*" {
                    filter.card = .all
                } else if !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }), let index = Int(value) {
                    filter.card = .index(index)
                } else {
                    throw bad("card value '\(value)' is not a number, 'all' or '*'")
                }
            default:
                throw bad("pci: unknown key '\(key)' (expected vendor, device, card or slot)")
            }
        }
        if filter.vendor == nil && filter.device == nil && filter.slot == nil {
            throw bad("pci: needs vendor=, device= or slot= (card= alone selects nothing)")
        }
        return filter
    }

    /// `17cb`, `0x17CB` → 0x17cb; at most four hex digits.
    static func hexID(_ text: String) -> UInt16? {
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? text.dropFirst(2) : Substring(text)
        guard (1...4).contains(digits.count), digits.allSatisfy(\.isHexDigit) else { return nil }
        return UInt16(digits, radix: 16)
    }

    /// `0000:01:00.0` or `01:00.0` → `0000:01:00.0` (lower case); nil when malformed.
    static func normalisedSlot(_ text: String) -> String? {
        let lower = text.lowercased()
        let full = lower.split(separator: ":").count == 2 ? "0000:" + lower : lower
        let fields = full.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2 else { return nil }
        let deviceFunction = fields[2].split(separator: ".", omittingEmptySubsequences: false)
        guard deviceFunction.count == 2, deviceFunction[0].count == 2, deviceFunction[1].count == 1,
              let function = Int(deviceFunction[1]), function < 8 else { return nil }
        let hexParts = [fields[0], fields[1], deviceFunction[0]]
        guard hexParts.allSatisfy({ $0.allSatisfy(\.isHexDigit) }) else { return nil }
        return full
    }
}
