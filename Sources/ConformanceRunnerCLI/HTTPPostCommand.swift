import AccelConformance
import ArgumentParser

/// `upload`'s HTTP client in a child process: not for people (see HTTPPost).
struct HTTPPostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: HTTPPost.subcommand,
                                                    abstract: "Internal: send one HTTP POST read from stdin.",
                                                    shouldDisplay: false)

    func run() throws {
        throw ExitCode(HTTPPost.serve())
    }
}
