import Foundation

/// A test-list file: one case name per line, `#` starts a comment, blank lines are
/// ignored. Every name must exist, so a typo is an error naming file:line instead of a
/// silently smaller run.
public struct TestList: Sendable {
    public let path: String
    public let names: [String]

    public init(path: String, known: Set<String>) throws(RunnerInputError) {
        self.path = path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RunnerInputError("\(path): cannot read test list")
        }
        var names: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let name = line.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            guard known.contains(name) else {
                throw RunnerInputError(file: path, line: index + 1, "unknown case '\(name)'")
            }
            names.append(name)
        }
        self.names = names
    }
}
