import AccelConformance
import ArgumentParser
import Foundation

/// The command line of the suite. It is a library so that the shipped binary
/// (Sources/conformance-runner) and the test-support runner (Tests/SyntheticRunner, which adds
/// devices that crash and hang on purpose) are the same program.
public struct ConformanceRunner: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "conformance-runner",
        abstract: "ioctl conformance suite for Linux compute-accelerator drivers (/dev/accel).",
        discussion: ExitCodes.help,
        version: ToolVersion.string,
        subcommands: [
            DevicesCommand.self,
            ListCommand.self,
            RunCommand.self,
            ResumeCommand.self,
            ReproCommand.self,
            ReportCommand.self,
            CompareCommand.self,
            UploadCommand.self,
            WorkerCommand.self,
            HTTPPostCommand.self,
            BenchmarkCommand.self,
        ]
    )

    public init() {}

    /// As ParsableCommand's `main`, except that a usage error (unknown option, a value that
    /// does not parse, a wrong enum word) exits with 2 like every other bad input
    /// (ExitCodes.help), not ArgumentParser's 64.
    public static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(RunVerdict.badInput)
            }
            exit(withError: error)
        }
    }
}
