import AccelConformance
import Foundation
import Testing

/// Builds C reproducers off the VM the way emit-reproducers.sh does: our ABI headers beside the
/// program, `-std=c11 -Wall -Werror`.
enum ReproducerProgram {
    static var headerDirectory: URL {
        ResultFixtures.repositoryRoot.appendingPathComponent("Sources/CAccelShim/include")
    }

    /// Compiles and runs the program (no arguments); the compiler's result when it does not build.
    static func run(_ input: CReproducer.Input, label: String) throws -> ResultFixtures.ProcessResult {
        let directory = try ResultFixtures.temporaryDirectory("repro-\(label)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = input
        input.headers = ResultsFolder.abiHeaders(in: headerDirectory)
        for header in input.headers {
            try FileManager.default.copyItem(at: headerDirectory.appendingPathComponent(header),
                                             to: directory.appendingPathComponent(header))
        }
        let program = CReproducer.program(input)
        let source = directory.appendingPathComponent("repro.c")
        try Data(program.utf8).write(to: source)
        let cc = try #require(ResultFixtures.which("cc") ?? ResultFixtures.which("gcc"))
        let binary = directory.appendingPathComponent("repro").path
        let compiled = try ResultFixtures.run(cc, ["-std=c11", "-Wall", "-Werror", "-I", directory.path, "-o", binary,
                                                   source.path])
        #expect(compiled.status == 0, "compile failed:\n\(compiled.stderr)\n\(program)")
        guard compiled.status == 0 else { return compiled }
        return try ResultFixtures.run(binary, [])
    }

    /// Only checks that the program compiles.
    static func compile(_ input: CReproducer.Input, label: String) throws -> ResultFixtures.ProcessResult {
        let directory = try ResultFixtures.temporaryDirectory("repro-cc-\(label)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = input
        input.headers = ResultsFolder.abiHeaders(in: headerDirectory)
        let source = directory.appendingPathComponent("repro.c")
        try Data(CReproducer.program(input).utf8).write(to: source)
        let cc = try #require(ResultFixtures.which("cc") ?? ResultFixtures.which("gcc"))
        return try ResultFixtures.run(cc, ["-std=c11", "-Wall", "-Werror", "-fsyntax-only", "-I", headerDirectory.path,
                                           source.path])
    }
}
