import Foundation

/// Where a JSON input file is wrong, in words a person can go to: `line L, column C` for text
/// that is not JSON, the field path (`devices[0].plan`) for JSON of the wrong shape.
public enum JSONFilePlace {
    /// Why `data` (read from a file) could not be decoded, after `error` from a decoder.
    public static func describe(_ error: any Error, in data: Data) -> String {
        let bytes = [UInt8](data)
        do {
            _ = try JSONValue.parse(utf8: bytes)
        } catch {
            let (line, column) = position(of: error.offset, in: bytes)
            return "line \(line), column \(column): not valid JSON: \(error.reason)"
        }
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop(while: { $0 == "." }))
        }
        switch decoding {
        case .keyNotFound(let key, let context): return "missing field \(path(context, key))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "bad value at \(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "bad value at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// 1-based line and column (in bytes) of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        let prefix = bytes.prefix(max(0, offset))
        let line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let column = offset - (prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
        return (line, column)
    }
}
