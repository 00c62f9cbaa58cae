import AccelConformance
import Foundation
import SyntheticSupport
import Testing

/// Command-line arguments: device selectors (parsed and matched against a sysfs fixture),
/// `--shard`, and case patterns (globs and `re:`), each pattern also matched against every
/// case name of the qaic suite and the synthetic one, since a regex can take exponential time
/// in matching rather than in parsing.
@Suite struct FuzzArgumentTests {
    static let roots: SystemRoots = {
        let tree = RunnerBinary.fixtures.appendingPathComponent("sysfs/mixed")
        return SystemRoots(sysfs: tree.appendingPathComponent("sys").path, dev: tree.appendingPathComponent("dev").path,
                           proc: tree.appendingPathComponent("proc").path)
    }()

    @Test func deviceSelectors() {
        let inputs = FuzzInputs(
            seeds: ["accel0", "accel2", "all", "sys:/sys/class/accel/accel1", "sys:/sys/devices/pci0000:00/0000:02:00.0",
                    "pci:vendor=17cb,device=a100", "pci:vendor=qcom,device=aic080,card=all", "pci:vendor=0x17CB,card=1",
                    "pci:slot=0000:01:00.0", "pci:slot=02:00.0", "driver=qaic", "driver=intel_vpu", "reference:qaic"],
            dictionary: ["accel", "sys:", "pci:", "driver=", "reference:", "vendor=", "device=", "card=", "slot=", "all", "*",
                         "0x", "17cb", "a100", "ffff", "0000:", ":00.", ".7", ".8", "/..", "/sys/class/accel/", "accel_controlD"])
        FuzzHarness.run("device selector", inputs) { bytes in
            let selector = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try DeviceSelection.resolve(selector, roots: Self.roots)
                return .accepted
            } catch let error as RunnerInputError {
                let placed = selector.isEmpty ? error.message.hasPrefix("empty device selector")
                                              : error.message.contains("'\(selector)'")
                return .rejected(error.message, placed: placed)
            }
        }
    }

    @Test func shards() {
        let inputs = FuzzInputs(seeds: ["1/4", "3/3", "1/1", "10/12"],
                                dictionary: ["/", "//", "+1", "0x10", "1_000"])
        FuzzHarness.run("--shard", inputs) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let shard = try Shard(text)
                _ = shard.select(Array(0..<50))
                return .accepted
            } catch let error as RunnerInputError {
                return .rejected(error.message, placed: error.message.hasPrefix("--shard '\(text)':"))
            }
        }
    }

    /// Every case name a pattern could be matched against in a real run.
    static let caseNames: [String] = {
        SyntheticDevices.install()
        var names = RunnerDevices.cases(for: SyntheticSuite(), profile: SyntheticSuite.profile).map(\.name.description)
        if let suite = DriverRegistry.suite(named: "qaic") {
            for profile in suite.profiles {
                names += RunnerDevices.cases(for: suite, profile: profile).map(\.name.description)
            }
        }
        return Array(Set(names)).sorted()
    }()

    @Test func casePatterns() {
        #expect(Self.caseNames.count > 100, "the qaic suite's names are matched too")
        let inputs = FuzzInputs(
            seeds: ["qaic.create_bo.*", "runner.synthetic.pass", "qaic.*.size_[0-9]*", "*", "?aic.[!x]*",
                    "re:^qaic\\.(create|mmap)_bo\\.", "re:pass$", "re:(a|b)+", "re:[[:alpha:]]{2,5}", "re:\\p{L}+"],
            dictionary: ["re:", "*", "?", "[", "]", "[!", "\\", "(", ")", "(?", "+", "{", "}", "{1,", "|", "^", "$", "\\b",
                         "(a+)+", "(.*)*", "(?i)", "\\1", "\\Q", "\\E", "[[:", ":]]", "\\x{", "\\N{"])
        FuzzHarness.run("case pattern", inputs) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let pattern = try CasePattern(text, origin: "--include")
                try pattern.check(against: Self.caseNames)
                return .accepted
            } catch let error as RunnerInputError {
                return .rejected(error.message, placed: error.message.hasPrefix("--include: "))
            }
        }
    }
}

/// Found by fuzzing (case pattern input 2107 of seed 13 ran for minutes): a regular expression
/// with nested repetition backtracks exponentially on a name it almost matches.
@Suite struct PathologicalPatternTests {
    @Test func nestedRepetitionIsBadInputNotAStalledRun() throws {
        let pattern = try CasePattern("re:(a+)+$", origin: "--include")
        let name = String(repeating: "a", count: 40) + "b"
        let start = ContinuousClock.now
        #expect(!pattern.matches(name))
        #expect { try pattern.check(against: ["qaic.create_bo.ok", name]) } throws: { error in
            "\(error)".hasPrefix("--include: regular expression '(a+)+$' needs more than")
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(try pattern.match(String(repeating: "a", count: 40)))
    }
}
