import AccelConformance
import ArgumentParser

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "(being built)")

    func run() throws {
        throw ValidationError("'resume' is being built")
    }
}
