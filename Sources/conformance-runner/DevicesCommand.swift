import AccelConformance
import ArgumentParser

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "devices", abstract: "(being built)")

    func run() throws {
        throw ValidationError("'devices' is being built")
    }
}
