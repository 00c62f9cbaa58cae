import AccelConformance
import ArgumentParser

@main
struct ConformanceRunner: ParsableCommand {
    static let configuration = CommandConfiguration(
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
}
