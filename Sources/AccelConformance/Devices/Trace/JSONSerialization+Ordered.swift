import Foundation

extension JSONValue {
    /// JSON text with object keys in their stored order: Foundation's encoder on Linux reorders
    /// keys, which would make traces list uapi fields at random and KCIDB objects hard to read.
    /// Compact by default (one trace event per line); `pretty` indents by two spaces.
    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        Self.write(self, into: &out, indent: pretty ? 0 : nil)
        return out
    }

    private static func write(_ value: JSONValue, into out: inout String, indent: Int?) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let v): out += String(v)
        case .uint(let v): out += String(v)
        case .double(let v):
            if v.isFinite {
                out += v == v.rounded() && abs(v) < 1e15 ? String(format: "%.1f", v) : "\(v)"
            } else {
                out += "null"
            }
        case .string(let s): string(s, into: &out)
        case .array(let items):
            container(items.map { (nil, $0) }, open: "[", close: "]", into: &out, indent: indent)
        case .object(let fields):
            container(fields.map { ($0.0, $0.1) }, open: "{", close: "}", into: &out, indent: indent)
        }
    }

    private static func container(_ items: [(String?, JSONValue)], open: String, close: String,
                                  into out: inout String, indent: Int?) {
        out += open
        guard !items.isEmpty else { out += close; return }
        for (index, (key, value)) in items.enumerated() {
            if index > 0 { out += "," }
            if let indent { out += "\n" + String(repeating: "  ", count: indent + 1) }
            if let key {
                string(key, into: &out)
                out += indent == nil ? ":" : ": "
            }
            write(value, into: &out, indent: indent.map { $0 + 1 })
        }
        if let indent { out += "\n" + String(repeating: "  ", count: indent) }
        out += close
    }

    private static func string(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
