import Foundation

extension JSONValue {
    /// Why a text is not JSON: the byte offset where reading stopped and what was wrong there.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// Byte offset into the UTF-8 text, from 0.
        public let offset: Int
        public let reason: String

        public init(offset: Int, reason: String) {
            self.offset = offset
            self.reason = reason
        }

        public var description: String { "offset \(offset): \(reason)" }
    }

    /// Reads one JSON text (RFC 8259) keeping object keys in the order they are written.
    /// Foundation's decoders hand out keys unordered, which would shuffle the uapi fields of a
    /// trace. Strict: no trailing commas, comments, NaN, leading zeros, raw control characters,
    /// lone surrogates, duplicate keys or trailing text. Integers become `.int` (or `.uint`
    /// above Int64.max); numbers with a fraction or an exponent, and integers out of 64-bit
    /// range, become `.double`.
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        try parse(utf8: Array(text.utf8))
    }

    /// Reads JSON from raw bytes, as a file holds them; bytes that are not UTF-8 inside a
    /// string are an error at their offset (RFC 8259, section 8.1).
    public static func parse(utf8 bytes: [UInt8]) throws(ParseError) -> JSONValue {
        var parser = JSONTextParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.position < parser.bytes.count {
            throw parser.error("unexpected text after the JSON value")
        }
        return value
    }
}

/// The recursive-descent reader behind ``JSONValue/parse(_:)``.
private struct JSONTextParser {
    let bytes: [UInt8]
    var position = 0
    /// Deep enough for any trace; shallow enough that hostile input cannot exhaust the stack.
    static let maximumDepth = 512

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func error(_ reason: String, at offset: Int? = nil) -> JSONValue.ParseError {
        JSONValue.ParseError(offset: offset ?? position, reason: reason)
    }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    mutating func value(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        guard let byte = current else { throw error("unexpected end of text, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character \(Self.show(byte)), expected a value")
        }
    }

    mutating func literal(_ word: String) throws(JSONValue.ParseError) {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
            throw error("invalid literal, expected '\(word)'")
        }
        position += expected.count
    }

    mutating func object(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        position += 1 // {
        var fields: [(String, JSONValue)] = []
        // Trace objects are small: a linear search finds a duplicate key faster than hashing.
        var seen: Set<String> = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(fields)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw error(current == nil ? "unexpected end of text inside an object" : "expected a string key")
            }
            let keyOffset = position
            let key = try string()
            let duplicate: Bool
            if fields.count < 16 {
                duplicate = fields.contains(where: { $0.0 == key })
            } else {
                if seen.isEmpty { seen = Set(fields.map(\.0)) }
                duplicate = !seen.insert(key).inserted
            }
            guard !duplicate else { throw error("duplicate key \"\(key)\"", at: keyOffset) }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            position += 1
            skipWhitespace()
            fields.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(fields)
            case nil: throw error("unexpected end of text inside an object")
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    mutating func array(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        position += 1 // [
        var items: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(items)
            case nil: throw error("unexpected end of text inside an array")
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    mutating func string() throws(JSONValue.ParseError) -> String {
        let start = position
        position += 1 // opening quote
        // Most strings hold no escape: taken in one piece, without a scratch buffer per string.
        var end = position
        while end < bytes.count, bytes[end] >= 0x20, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") {
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            guard let text = String(validating: bytes[position..<end], as: UTF8.self) else {
                throw error("string is not valid UTF-8", at: start)
            }
            position = end + 1
            return text
        }
        var utf8 = Array(bytes[position..<end])
        position = end
        while true {
            guard let byte = current else { throw error("unterminated string", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw error("string is not valid UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                position += 1
                try escape(into: &utf8)
            case 0x00..<0x20:
                throw error("raw control character \(Self.show(byte)) in a string (must be escaped)")
            default:
                utf8.append(byte)
                position += 1
            }
        }
    }

    mutating func escape(into utf8: inout [UInt8]) throws(JSONValue.ParseError) {
        guard let byte = current else { throw error("unterminated escape") }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[byte] {
            utf8.append(replacement)
            position += 1
            return
        }
        guard byte == UInt8(ascii: "u") else { throw error("invalid escape \\\(Self.show(byte))", at: position - 1) }
        let escapeStart = position - 1
        position += 1
        let unit = try hex4()
        var scalarValue = UInt32(unit)
        switch unit {
        case 0xD800...0xDBFF:
            // A high surrogate needs a low one right after it.
            guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw error("high surrogate \\u\(Self.hex(unit)) without a low surrogate after it", at: escapeStart)
            }
            position += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error("high surrogate \\u\(Self.hex(unit)) followed by \\u\(Self.hex(low)), not a low surrogate", at: escapeStart)
            }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw error("lone low surrogate \\u\(Self.hex(unit))", at: escapeStart)
        default:
            break
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw error("invalid code point", at: escapeStart) }
        utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    mutating func hex4() throws(JSONValue.ParseError) -> UInt16 {
        guard bytes.count - position >= 4 else { throw error("\\u needs four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("\\u needs four hex digits, found \(Self.show(byte))")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    mutating func number() throws(JSONValue.ParseError) -> JSONValue {
        let start = position
        let negative = current == UInt8(ascii: "-")
        if negative { position += 1 }
        guard let first = current, Self.isDigit(first) else { throw error("expected a digit") }
        if first == UInt8(ascii: "0") {
            position += 1
            if let next = current, Self.isDigit(next) { throw error("leading zero in a number", at: start) }
        } else {
            while let byte = current, Self.isDigit(byte) { position += 1 }
        }
        var integral = true
        if current == UInt8(ascii: ".") {
            integral = false
            position += 1
            guard let byte = current, Self.isDigit(byte) else { throw error("expected a digit after '.'") }
            while let byte = current, Self.isDigit(byte) { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integral = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard let byte = current, Self.isDigit(byte) else { throw error("expected a digit in the exponent") }
            while let byte = current, Self.isDigit(byte) { position += 1 }
        }
        // Up to 18 digits fit an Int64 whatever they are: added up here, without a String.
        let digits = position - start - (negative ? 1 : 0)
        if integral && digits <= 18 {
            var magnitude: Int64 = 0
            for byte in bytes[(negative ? start + 1 : start)..<position] {
                magnitude = magnitude * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return .int(negative ? -magnitude : magnitude)
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if integral {
            if let value = Int64(text) { return .int(value) }
            if !negative, let value = UInt64(text) { return .uint(value) }
        }
        guard let value = Double(text), value.isFinite else { throw error("number \(text) is out of range", at: start) }
        return .double(value)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func hex(_ value: UInt16) -> String { String(format: "%04X", value) }

    static func show(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "0x%02X", byte)
    }
}
