import AccelConformance
import ArgumentParser

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
            UploadCommand.self,
            WorkerCommand.self,
            HTTPPostCommand.self,
            BenchmarkCommand.self,
        ]
    )

    public init() {}
}
