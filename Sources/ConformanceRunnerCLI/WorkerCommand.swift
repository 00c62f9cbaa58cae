import AccelConformance
import ArgumentParser
import Foundation

/// The isolated runner's worker: not for people. Speaks the line protocol of
/// Runner/WorkerMessage.swift on stdin/stdout.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worker", abstract: "Internal: serve cases to the runner.",
                                                    shouldDisplay: false)

    @OptionGroup var devices: DeviceOptions

    @Option(name: .long) var seed: UInt64 = 0
    @Option(name: .long) var workload: String?

    func run() throws {
        let status = WorkerLoop.serve {
            guard let device = try RunPreparation.devices(devices).first else {
                throw RunnerInputError("worker: no device")
            }
            let executor = CaseExecutor(device: device.device, driver: device.suite, profile: device.profile,
                                        environment: RunPreparation.environment(seed: seed, workload: workload))
            let cases = Dictionary(device.allCases.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            return (executor, cases)
        }
        throw ExitCode(status)
    }
}
