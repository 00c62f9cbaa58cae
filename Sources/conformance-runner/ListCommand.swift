import AccelConformance
import ArgumentParser

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "(being built)")

    func run() throws {
        throw ValidationError("'list' is being built")
    }
}
