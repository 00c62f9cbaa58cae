import Foundation

/// Options for the writers that need more than the results (KCIDB origin and ids, …).
public struct ResultWriterOptions: Sendable {
    /// KCIDB origin (`^[a-z0-9_]+$`).
    public var kcidbOrigin: String
    /// Prefix of KCIDB object ids; defaults to one derived from the run.
    public var kcidbRunID: String?
    /// First KCIDB test path component: the suite name as registered in KernelCI's tests.yaml.
    public var kcidbSuite: String
    /// What is known about the kernel under test, for the KCIDB checkout and build.
    public var kernel: KernelSource

    public struct KernelSource: Sendable {
        /// 40 lowercase hex digits.
        public var commitHash: String?
        /// `https://…`.
        public var repositoryURL: String?
        public var branch: String?
        public var treeName: String?
        /// `debian-amd64`, `defconfig`, …
        public var configName: String?
        /// `x86_64`; defaults to the machine that writes the results.
        public var architecture: String?

        public init(commitHash: String? = nil, repositoryURL: String? = nil, branch: String? = nil,
                    treeName: String? = nil, configName: String? = nil, architecture: String? = nil) {
            self.commitHash = commitHash
            self.repositoryURL = repositoryURL
            self.branch = branch
            self.treeName = treeName
            self.configName = configName
            self.architecture = architecture
        }
    }

    public init(kcidbOrigin: String = "accelct", kcidbRunID: String? = nil, kcidbSuite: String = "accel_conformance",
                kernel: KernelSource = KernelSource()) {
        self.kcidbOrigin = kcidbOrigin
        self.kcidbRunID = kcidbRunID
        self.kcidbSuite = kcidbSuite
        self.kernel = kernel
    }
}

/// Entry points the runner calls; one writer per format lives in `Formats/`.
public enum ResultWriters {
    /// File names inside a results folder.
    public enum FileName {
        public static let ktap = "results.ktap"
        public static let junit = "junit.xml"
        public static let kcidb = "kcidb.json"
        public static let resultsCSV = "results.csv"
        public static let failuresCSV = "failures.csv"
        public static let report = "report.html"
    }

    /// Writes every result file into the results folder. Throws on bad options (an origin
    /// KCIDB would reject) before writing anything.
    public static func writeAll(_ results: RunResults, to directory: URL, options: ResultWriterOptions = ResultWriterOptions()) throws {
        let kcidb = try KCIDBWriter.document(results, options: options)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files: [(String, String)] = [
            (FileName.ktap, KTAPWriter.document(results)),
            (FileName.junit, JUnitWriter.document(results)),
            (FileName.kcidb, kcidb),
            (FileName.resultsCSV, CSVWriter.results(results)),
            (FileName.failuresCSV, CSVWriter.failures(results)),
            (FileName.report, htmlReport(results)),
        ]
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        }
    }

    /// The HTML report of a run, with C reproducers for the cases that did not pass.
    public static func htmlReport(_ results: RunResults, comparison: (RunComparison, before: String, after: String)? = nil)
        -> String {
        let headers = ReproducerSource.headers()
        return HTMLReport.document(HTMLReport.Input(results: results, comparison: comparison) { record in
            record.outcome.trace.isEmpty ? nil : ReproducerSource.program(record, headers: headers)
        })
    }

    /// The KTAP v1 document for `--ktap`.
    public static func ktap(_ results: RunResults) -> String {
        KTAPWriter.document(results)
    }

    /// The LAVA signal line for one finished case (`--lava`).
    public static func lavaSignal(for record: CaseRecord) -> String {
        LAVAWriter.signal(for: record)
    }
}
