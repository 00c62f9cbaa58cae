import AccelConformance
import ArgumentParser

struct ReproCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repro", abstract: "(being built)")

    func run() throws {
        throw ValidationError("'repro' is being built")
    }
}
