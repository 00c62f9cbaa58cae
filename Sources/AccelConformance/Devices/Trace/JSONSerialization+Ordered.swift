import Foundation

extension JSONValue {
    /// JSON text with object keys in their stored order: Foundation's encoder on Linux reorders
    /// keys, which would make traces list uapi fields at random and KCIDB objects hard to read.
    /// Compact by default (one trace event per line); `pretty` indents by two spaces.
    public func serialized(pretty: Bool = false) -> String {
        var out: [UInt8] = []
        write(into: &out, pretty: pretty)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 text of ``serialized(pretty:)`` to `out`. Written as bytes, not
    /// through String appends: every case's trace is serialized this way (a worker's reply,
    /// trace.jsonl), and per-character String appends were a measurable part of a case.
    public func write(into out: inout [UInt8], pretty: Bool = false) {
        Self.write(self, into: &out, indent: pretty ? 0 : nil)
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int?) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let v): out.append(contentsOf: String(v).utf8)
        case .uint(let v): out.append(contentsOf: String(v).utf8)
        case .double(let v):
            if !v.isFinite {
                out.append(contentsOf: "null".utf8)
            } else if v == v.rounded() && abs(v) < 1e15 {
                // What "%.1f" prints for a whole number, without Foundation's formatter.
                if v.sign == .minus { out.append(UInt8(ascii: "-")) }
                out.append(contentsOf: String(Int64(abs(v))).utf8)
                out.append(contentsOf: ".0".utf8)
            } else {
                out.append(contentsOf: "\(v)".utf8)
            }
        case .string(let s): string(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                separator(index, indent: indent, into: &out)
                write(item, into: &out, indent: indent.map { $0 + 1 })
            }
            close(UInt8(ascii: "]"), empty: items.isEmpty, indent: indent, into: &out)
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (index, (key, item)) in fields.enumerated() {
                separator(index, indent: indent, into: &out)
                string(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                write(item, into: &out, indent: indent.map { $0 + 1 })
            }
            close(UInt8(ascii: "}"), empty: fields.isEmpty, indent: indent, into: &out)
        }
    }

    private static func separator(_ index: Int, indent: Int?, into out: inout [UInt8]) {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        if let indent { newline(indent + 1, into: &out) }
    }

    private static func close(_ bracket: UInt8, empty: Bool, indent: Int?, into out: inout [UInt8]) {
        if let indent, !empty { newline(indent, into: &out) }
        out.append(bracket)
    }

    private static func newline(_ depth: Int, into out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// Escapes `"`, `\` and control characters; every other byte (multi-byte UTF-8 included)
    /// is copied as it is.
    private static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var clean = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index]))
                clean = index + 1
                switch byte {
                case 0x22: out.append(contentsOf: #"\""#.utf8)
                case 0x5C: out.append(contentsOf: #"\\"#.utf8)
                case 0x0A: out.append(contentsOf: #"\n"#.utf8)
                case 0x0D: out.append(contentsOf: #"\r"#.utf8)
                case 0x09: out.append(contentsOf: #"\t"#.utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
