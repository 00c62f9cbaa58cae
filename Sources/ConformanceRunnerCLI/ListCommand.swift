import AccelConformance
import ArgumentParser
import Foundation

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the cases planned for the selected device and kernel profile.",
        discussion: "Columns: name, ioctl, tier, requirements, expected outcome on the profile, confidence of the "
            + "spec rule. "
            + "A header line per device names its kernel profile and whether that profile's expectations were ever "
            + "checked against a real kernel.")

    @OptionGroup var devices: DeviceOptions
    @OptionGroup var selection: SelectionOptions

    @Flag(name: .long, help: "One JSON array of case objects.")
    var json = false

    struct Entry: Codable {
        var device: String
        var profile: String
        /// Whether the profile's expectations were ever run against a real kernel, and which.
        var profileVerification: String
        var name: String
        var ioctl: String
        var tier: String
        var requirements: [String]
        var expected: String
        var confidence: String
        var rationale: String
        var timeout: Double?
    }

    func run() throws {
        do {
            let plan = try selection.selection()
            var entries: [Entry] = []
            var headers: [String] = []
            for device in try RunPreparation.devices(devices) {
                headers.append("# \(device.device.identity.name): kernel profile \(device.profile.id) — "
                               + device.profile.verification.summary)
                for testCase in try plan.plan(device.allCases) {
                    entries.append(Entry(device: device.device.identity.name, profile: device.profile.id,
                                         profileVerification: device.profile.verification.summary,
                                         name: testCase.name.description, ioctl: testCase.ioctl, tier: testCase.tier.rawValue,
                                         requirements: testCase.requirements.map(\.name), expected: testCase.expectedDescription,
                                         confidence: testCase.confidence.rawValue, rationale: testCase.rationale,
                                         timeout: testCase.timeout))
                }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(entries), as: UTF8.self))
                return
            }
            headers.forEach { print($0) }
            let width = entries.map(\.name.count).max() ?? 0
            let ioctlWidth = entries.map(\.ioctl.count).max() ?? 0
            for entry in entries {
                let requirements = entry.requirements.isEmpty ? "-" : entry.requirements.joined(separator: ",")
                print([entry.name.padding(toLength: width, withPad: " ", startingAt: 0),
                       entry.ioctl.padding(toLength: ioctlWidth, withPad: " ", startingAt: 0),
                       entry.tier.padding(toLength: 7, withPad: " ", startingAt: 0),
                       requirements.padding(toLength: 16, withPad: " ", startingAt: 0),
                       entry.confidence.padding(toLength: 10, withPad: " ", startingAt: 0),
                       entry.expected].joined(separator: "  "))
            }
            FileHandle.standardError.write(Data("\(entries.count) cases\n".utf8))
        } catch let error as RunnerInputError {
            RunConsole.error(error.message)
            throw ExitCode(RunVerdict.badInput)
        }
    }
}
