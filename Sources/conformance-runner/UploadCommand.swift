import AccelConformance
import ArgumentParser

struct UploadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upload", abstract: "(being built)")

    func run() throws {
        throw ValidationError("'upload' is being built")
    }
}
