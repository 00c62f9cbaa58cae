import AccelConformance
import ArgumentParser

struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "benchmark", abstract: "(being built)")

    func run() throws {
        throw ValidationError("'benchmark' is being built")
    }
}
