/// Trace names and decoders for the qaic uapi.
enum QAICCatalog {
    static let catalog = IoctlCatalog([])
}
