import AccelConformance
import ArgumentParser
import Foundation

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List the accel devices found and the built-in reference device, with their identity.",
        discussion: """
            Shows each /dev/accel device (skipping habanalabs' accel_controlD nodes) with its node, \
            bound driver, DRM VERSION (when the node can be opened), PCI ids and slot or platform \
            name, kernel module, kernel release and taint, then the built-in reference device(s). \
            With --device, lists only what those selectors name. No accel device is not an error: \
            the output says so and points at --device reference:qaic.
            """)

    @OptionGroup var options: DeviceOptions

    @Flag(name: .long, help: "Print a JSON array of device identities instead of the table.")
    var json = false

    func run() throws {
        let identities: [DeviceIdentity]
        do {
            identities = try DeviceListing.identities(roots: options.roots, selectors: options.device,
                                                      referenceProfile: options.kernelProfile, faults: Set(options.fault))
        } catch {
            FileHandle.standardError.write(Data("conformance-runner devices: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if json {
            print(try DeviceListing.json(identities))
        } else {
            print(DeviceListing.table(identities, roots: options.roots))
        }
    }
}
