import AccelConformance
import ArgumentParser

/// KCIDB identity of a run's report (`kcidb.json`), for `run` and `resume`: where the
/// results come from (origin, run id, suite name) and what is known about the kernel.
struct KCIDBOptions: ParsableArguments {
    @Option(name: .customLong("kcidb-origin"), help: ArgumentHelp("KCIDB origin, as issued with the submission token ([a-z0-9_]+).", valueName: "origin"))
    var origin = "accelct"

    @Option(name: .customLong("kcidb-run-id"), help: ArgumentHelp("KCIDB id prefix for this run (default: derived from start time and seed).", valueName: "id"))
    var runID: String?

    @Option(name: .customLong("kcidb-suite"), help: ArgumentHelp("First KCIDB test path component (the suite name registered in KernelCI's tests.yaml).", valueName: "name"))
    var suite = "accel_conformance"

    @Option(name: .customLong("kernel-commit"), help: ArgumentHelp("Commit of the kernel under test (40 hex digits).", valueName: "sha"))
    var commit: String?

    @Option(name: .customLong("kernel-repository"), help: ArgumentHelp("https URL of the kernel's git repository.", valueName: "url"))
    var repository: String?

    @Option(name: .customLong("kernel-branch"), help: ArgumentHelp("Branch of the kernel under test.", valueName: "name"))
    var branch: String?

    @Option(name: .customLong("kernel-tree"), help: ArgumentHelp("Tree name (mainline, stable, …).", valueName: "name"))
    var tree: String?

    @Option(name: .customLong("kernel-config"), help: ArgumentHelp("Kernel config name (defconfig, debian-amd64, …).", valueName: "name"))
    var config: String?

    @Option(name: .customLong("kernel-arch"), help: ArgumentHelp("Kernel architecture (default: this machine's).", valueName: "arch"))
    var architecture: String?

    var writerOptions: ResultWriterOptions {
        ResultWriterOptions(kcidbOrigin: origin, kcidbRunID: runID, kcidbSuite: suite,
                            kernel: .init(commitHash: commit?.lowercased(), repositoryURL: repository, branch: branch,
                                          treeName: tree, configName: config, architecture: architecture))
    }
}
