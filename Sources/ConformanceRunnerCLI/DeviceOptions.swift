import AccelConformance
import ArgumentParser

/// Device selection shared by every subcommand that talks to devices.
struct DeviceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Device selector (repeatable): accelN, sys:PATH, pci:vendor=V,device=D[,card=N], pci:slot=S, driver=NAME, reference:qaic, all.",
        valueName: "selector"))
    var device: [String] = []

    @Option(name: .long, help: ArgumentHelp("Kernel profile to expect (default: derived from the device's kernel release).",
                                            valueName: "profile"))
    var kernelProfile: String?

    @Option(name: .long, help: ArgumentHelp("Root of the sysfs tree to discover devices in.", valueName: "dir"))
    var sysfsRoot: String = "/sys"

    @Option(name: .long, help: ArgumentHelp("Root of the /dev tree.", valueName: "dir"))
    var devRoot: String = "/dev"

    @Option(name: .long, help: ArgumentHelp("Root of the /proc tree.", valueName: "dir"))
    var procRoot: String = "/proc"

    @Option(name: .long, help: ArgumentHelp("Inject a named fault into reference devices (testing the suite itself).",
                                            valueName: "fault", visibility: .hidden))
    var fault: [String] = []

    var roots: SystemRoots { SystemRoots(sysfs: sysfsRoot, dev: devRoot, proc: procRoot) }
}
