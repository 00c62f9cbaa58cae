import Foundation

/// A test-list file: one case name per line, `#` starts a comment, blank lines are
/// ignored. Every name must exist, so a typo is an error naming file:line instead of a
/// silently smaller run.
public struct TestList: Sendable {
    public let path: String
    public let names: [String]

    public init(path: String, known: Set<String>) throws(RunnerInputError) {
        self.path = path
        var names: [String] = []
        for (number, raw) in try NumberedLines(path: path, what: "test list").lines {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let name = line.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            guard known.contains(name) else {
                throw RunnerInputError(file: path, line: number, "unknown case '\(name)'")
            }
            names.append(name)
        }
        self.names = names
    }
}
