import AccelConformance
import Foundation
import SyntheticSupport
import Testing

/// Line-oriented input files: the drm-ci `fails`, `flakes` and `skips` baselines and test
/// lists, each written to a file and read the way `run` reads it. A rejection must name
/// file:line with a line the file has.
@Suite struct FuzzListFileTests {
    static let folder = RunnerBinary.temporaryFolder("fuzz-lists")

    static func fixture(_ name: String) -> String {
        (try? String(contentsOf: RunnerBinary.fixtures.appendingPathComponent("baselines/\(name)"), encoding: .utf8)) ?? ""
    }

    /// Whether `message` starts with `path:N:` for a line N of the input.
    static func namesLine(_ message: String, path: String, of bytes: [UInt8]) -> Bool {
        guard message.hasPrefix(path + ":") else { return false }
        let rest = message.dropFirst(path.count + 1)
        guard let colon = rest.firstIndex(of: ":"), let line = Int(rest[..<colon]) else { return false }
        let lineCount = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
        return (1...max(1, lineCount)).contains(line)
    }

    static func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let baselineTokens = ["runner.synthetic.pass", "qaic.create_bo.size_zero", ",Fail", ",Crash", ",Pass", ",Skip",
                                 ",Timeout", ",Warn", ",Missing", ",fail", ",,", "# comment", "\\.", ".*", "^", "$", "(",
                                 "[", "re:", "(a+)+$", "\\d{1,99999}"]

    @Test func failsBaselines() {
        let inputs = FuzzInputs(seeds: [Self.fixture("qaic-reference-fails.txt"), Self.fixture("bad-fails.txt"),
                                        "a,Fail\r\nb,Crash\r\n", "# only a comment\n\n"],
                                dictionary: Self.baselineTokens)
        FuzzHarness.run("fails baseline", inputs) { bytes in
            let path = try Self.write(bytes, "fails.txt")
            do {
                _ = try BaselineFiles(failsFile: path, flakesFile: nil, skipsFile: nil)
                return .accepted
            } catch let error as RunnerInputError {
                return .rejected(error.message, placed: Self.namesLine(error.message, path: path, of: bytes))
            }
        }
    }

    @Test func flakesAndSkipsBaselines() {
        let inputs = FuzzInputs(seeds: [Self.fixture("qaic-reference-flakes.txt"), Self.fixture("qaic-reference-skips.txt"),
                                        Self.fixture("bad-flakes.txt"), "runner\\.synthetic\\.(hang|slow)\n^qaic\\..*$\n"],
                                dictionary: Self.baselineTokens)
        FuzzHarness.run("flakes/skips baseline", inputs) { bytes in
            let path = try Self.write(bytes, "skips.txt")
            do {
                let baselines = try BaselineFiles(failsFile: nil, flakesFile: path, skipsFile: path)
                // Matching is where a pathological regex would spend exponential time.
                for pattern in baselines.flakes + baselines.skips { try pattern.check(against: FuzzArgumentTests.caseNames) }
                return .accepted
            } catch let error as RunnerInputError {
                return .rejected(error.message, placed: Self.namesLine(error.message, path: path, of: bytes))
            }
        }
    }

    @Test func testLists() {
        let known = Set(FuzzArgumentTests.caseNames)
        let inputs = FuzzInputs(seeds: [Self.fixture("testlist.txt"), Self.fixture("bad-testlist.txt"),
                                        FuzzArgumentTests.caseNames.prefix(40).joined(separator: "\n")],
                                dictionary: Self.baselineTokens + ["  # trailing", "#", "\t"])
        FuzzHarness.run("test list", inputs) { bytes in
            let path = try Self.write(bytes, "testlist.txt")
            do {
                let list = try TestList(path: path, known: known)
                _ = try CaseSelection(testListPath: path).plan(
                    RunnerDevices.cases(for: SyntheticSuite(), profile: SyntheticSuite.profile))
                _ = list.names
                return .accepted
            } catch let error as RunnerInputError {
                return .rejected(error.message, placed: Self.namesLine(error.message, path: path, of: bytes))
            }
        }
    }
}
