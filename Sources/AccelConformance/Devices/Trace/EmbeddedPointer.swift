/// A user address stored inside the bytes behind a pointer field (a message the driver parses,
/// e.g. a DMA transfer's address inside a MANAGE message), with the bytes it declares there.
///
/// The driver pins the pages behind it rather than copying a struct, so the tracer records how
/// those pages are mapped (``PageLayout``), and a replay maps the same layout and writes its
/// own address at `offset`: an 8-byte little-endian value, like every address the uapis we
/// trace store.
public struct EmbeddedPointer: Sendable, Hashable {
    /// Byte offset of the stored address inside the pointer field's buffer.
    public var offset: Int
    public var address: UInt64
    /// Bytes from `address` the message declares (0 allowed: the page of `address` is recorded).
    public var length: UInt64

    public init(offset: Int, address: UInt64, length: UInt64) {
        self.offset = offset
        self.address = address
        self.length = length
    }
}
