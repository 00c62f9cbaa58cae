/// Bad input to the runner (a selector, a pattern, a test list, a baseline, a results
/// folder): the message names the place, and the CLI exits with status 2.
public struct RunnerInputError: Error, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    /// An error about line `line` (1-based) of `file`.
    public init(file: String, line: Int, _ reason: String) {
        self.message = "\(file):\(line): \(reason)"
    }

    public var description: String { message }
}
