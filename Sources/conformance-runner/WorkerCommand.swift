import AccelConformance
import ArgumentParser

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worker", abstract: "(being built)")

    func run() throws {
        throw ValidationError("'worker' is being built")
    }
}
