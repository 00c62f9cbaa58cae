/// The C reproducer of a recorded case, built with whichever ABI headers this binary can
/// find (the names only: the program includes them; `repro --emit-c` copies the files).
public enum ReproducerSource {
    /// Header names the programs include when no header folder is found (the suite's own).
    public static let defaultHeaders = ["accel_drm_uapi.h", "accel_qaic_uapi.h"]

    public static func headers() -> [String] {
        ResultsFolder.abiHeaderDirectory().map(ResultsFolder.abiHeaders) ?? defaultHeaders
    }

    /// The program for a record, as `repro --emit-c` writes it.
    public static func program(_ record: CaseRecord, headers: [String]) -> String {
        CReproducer.program(CReproducer.Input(record: record, headers: headers))
    }
}
