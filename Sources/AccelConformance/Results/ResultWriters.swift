import Foundation

/// Options for the writers that need more than the results (KCIDB origin and ids, …).
public struct ResultWriterOptions: Sendable {
    /// KCIDB origin (`^[a-z0-9_]+$`).
    public var kcidbOrigin: String
    /// Prefix of KCIDB object ids; defaults to one derived from the run.
    public var kcidbRunID: String?

    public init(kcidbOrigin: String = "accelct", kcidbRunID: String? = nil) {
        self.kcidbOrigin = kcidbOrigin
        self.kcidbRunID = kcidbRunID
    }
}

/// Entry points the runner calls; one writer per format lives beside this file.
public enum ResultWriters {
    /// Writes every result file into the results folder.
    public static func writeAll(_ results: RunResults, to directory: URL, options: ResultWriterOptions = ResultWriterOptions()) throws {
    }

    /// The KTAP v1 document for `--ktap`.
    public static func ktap(_ results: RunResults) -> String {
        ""
    }

    /// The LAVA signal line for one finished case (`--lava`).
    public static func lavaSignal(for record: CaseRecord) -> String {
        ""
    }
}
