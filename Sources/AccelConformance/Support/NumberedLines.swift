import Foundation

/// A line-oriented input file (baselines, test lists) read as numbered lines. Bytes that are
/// not UTF-8 are an error naming file:line, not a whole file that "cannot be read".
struct NumberedLines {
    /// (1-based line number, text) for every line, `\r` of CRLF files removed.
    let lines: [(number: Int, text: String)]

    init(path: String, what: String) throws(RunnerInputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path) else {
            throw RunnerInputError("\(path): cannot read \(what)")
        }
        try self.init(data: data, path: path)
    }

    init(data: Data, path: String) throws(RunnerInputError) {
        var lines: [(Int, String)] = []
        for (index, raw) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard var text = String(validating: raw, as: UTF8.self) else {
                throw RunnerInputError(file: path, line: index + 1, "not UTF-8 text")
            }
            if text.hasSuffix("\r") { text.removeLast() }
            lines.append((index + 1, text))
        }
        self.lines = lines
    }
}
