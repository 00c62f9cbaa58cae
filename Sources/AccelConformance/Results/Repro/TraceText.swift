import Foundation

/// Human-readable lines for a decoded trace: what `repro` prints and what failure reports
/// quote. One syscall per line, numbered from 1 in the order the case made them.
public enum TraceText {
    public static func lines(_ events: [TraceEvent]) -> [String] {
        events.enumerated().map { index, event in "#\(index + 1) " + line(event) }
    }

    public static func line(_ event: TraceEvent) -> String {
        let result = resultText(event.result)
        switch event.syscall {
        case .open:
            let fd = event.fd.map { " -> fd \($0)" } ?? ""
            return "open(\"\(event.path ?? "?")\", flags 0x\(hex(event.flags))) = \(result)\(fd)"
        case .close:
            return "close(fd \(fdText(event.fd))) = \(result)"
        case .ioctl:
            var text = "ioctl(fd \(fdText(event.fd)), \(event.ioctl ?? "UNKNOWN") \(event.request ?? "?")"
            if let input = event.in { text += ", in " + compact(input) }
            text += ") = \(result)"
            if let out = event.out { text += ", out " + compact(out) }
            return text
        case .mmap:
            let address = event.address.map { " at \($0)" } ?? ""
            return "mmap(fd \(fdText(event.fd)), length \(event.length ?? 0), prot 0x\(hex(event.prot)), "
                + "flags 0x\(hex(event.flags)), offset 0x\(String(event.offset ?? 0, radix: 16))) = \(result)\(address)"
        case .munmap:
            return "munmap(\(event.address ?? "?"), length \(event.length ?? 0)) = \(result)"
        }
    }

    /// `0`, `EINVAL`, or the JSON text of anything else a trace recorded.
    public static func resultText(_ value: JSONValue) -> String {
        if let s = value.stringValue { return s }
        return compact(value)
    }

    public static func compact(_ value: JSONValue) -> String {
        value.serialized()
    }

    private static func fdText(_ fd: Int32?) -> String { fd.map(String.init) ?? "?" }

    private static func hex(_ value: Int32?) -> String {
        String(UInt32(bitPattern: value ?? 0), radix: 16)
    }
}
