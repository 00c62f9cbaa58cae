import Foundation

/// The drm-ci baseline triple for one driver and board (conventions.md §4.1):
/// `fails` (CSV `name,Status`: expected non-pass results), `flakes` (one regex per line:
/// still run, never fail the job) and `skips` (regexes: never run). `#` starts a comment.
public struct BaselineFiles: Sendable {
    /// Expected failure status per case name, in deqp-runner vocabulary.
    public var fails: [String: BaselineStatus]
    public var flakes: [CasePattern]
    public var skips: [CasePattern]

    public init(fails: [String: BaselineStatus] = [:], flakes: [CasePattern] = [], skips: [CasePattern] = []) {
        self.fails = fails
        self.flakes = flakes
        self.skips = skips
    }

    public init(failsFile: String?, flakesFile: String?, skipsFile: String?) throws(RunnerInputError) {
        self.init()
        if let failsFile { fails = try Self.parseFails(path: failsFile) }
        if let flakesFile { flakes = try Self.parsePatterns(path: flakesFile) }
        if let skipsFile { skips = try Self.parsePatterns(path: skipsFile) }
    }

    public static func parseFails(path: String) throws(RunnerInputError) -> [String: BaselineStatus] {
        try parseFails(lines: NumberedLines(path: path, what: "baseline file"), path: path)
    }

    public static func parseFails(text: String, path: String) throws(RunnerInputError) -> [String: BaselineStatus] {
        try parseFails(lines: NumberedLines(data: Data(text.utf8), path: path), path: path)
    }

    private static func parseFails(lines: NumberedLines, path: String) throws(RunnerInputError) -> [String: BaselineStatus] {
        var fails: [String: BaselineStatus] = [:]
        for (number, line) in contentLines(lines) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2 else {
                throw RunnerInputError(file: path, line: number, "expected 'name,Status', got '\(line)'")
            }
            guard !fields[0].isEmpty, !fields[0].contains(" ") else {
                throw RunnerInputError(file: path, line: number, "bad case name '\(fields[0])'")
            }
            guard let status = BaselineStatus(rawValue: fields[1]) else {
                let allowed = BaselineStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw RunnerInputError(file: path, line: number, "unknown status '\(fields[1])' (one of: \(allowed))")
            }
            if fails[fields[0]] != nil {
                throw RunnerInputError(file: path, line: number, "'\(fields[0])' is listed twice")
            }
            fails[fields[0]] = status
        }
        return fails
    }

    public static func parsePatterns(path: String) throws(RunnerInputError) -> [CasePattern] {
        try parsePatterns(lines: NumberedLines(path: path, what: "baseline file"), path: path)
    }

    public static func parsePatterns(text: String, path: String) throws(RunnerInputError) -> [CasePattern] {
        try parsePatterns(lines: NumberedLines(data: Data(text.utf8), path: path), path: path)
    }

    private static func parsePatterns(lines: NumberedLines, path: String) throws(RunnerInputError) -> [CasePattern] {
        var patterns: [CasePattern] = []
        for (number, line) in contentLines(lines) {
            patterns.append(try CasePattern(regex: line, origin: "\(path):\(number)"))
        }
        return patterns
    }

    /// Non-empty, non-comment lines with their 1-based numbers, surrounding blanks trimmed.
    private static func contentLines(_ lines: NumberedLines) -> [(Int, String)] {
        lines.lines.compactMap { number, raw in
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { return nil }
            return (number, line)
        }
    }
}
