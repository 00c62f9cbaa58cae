/// One kernel-log record as `/dev/kmsg` delivers it (`<level+facility>,<seq>,<usec>,<flags>;<text>`),
/// or a `<N>text` line as written with an explicit level.
public struct KernelLogLine: Sendable, Equatable {
    /// 0 (emerg) … 7 (debug).
    public let level: Int
    public let text: String
    public let raw: String

    public init(level: Int, text: String, raw: String) {
        self.level = level
        self.text = text
        self.raw = raw
    }

    public init?(parsing raw: String) {
        if raw.hasPrefix(" ") || raw.isEmpty { return nil } // kmsg dictionary continuation
        if let semicolon = raw.firstIndex(of: ";") {
            let header = raw[..<semicolon].split(separator: ",")
            if let first = header.first, let priority = Int(first) {
                self.init(level: priority & 7, text: String(raw[raw.index(after: semicolon)...]), raw: raw)
                return
            }
        }
        if raw.hasPrefix("<"), let close = raw.firstIndex(of: ">"), let priority = Int(raw[raw.index(after: raw.startIndex)..<close]) {
            self.init(level: priority & 7, text: String(raw[raw.index(after: close)...]), raw: raw)
            return
        }
        // Without a header the kernel's default level is a warning; treat it as such.
        self.init(level: 4, text: raw, raw: raw)
    }

    /// Lines that mean the kernel oopsed (accel-core.md §9).
    public var isOops: Bool {
        text.contains("BUG:") || text.contains("Oops:") || text.contains("Call Trace:")
    }
}
