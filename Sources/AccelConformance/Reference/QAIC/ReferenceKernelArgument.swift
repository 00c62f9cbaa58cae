/// The kernel's copy of an ioctl argument (DRM core's `kdata`): at least the kernel struct's
/// size, zero-extended past what the caller supplied. Handlers read and write it; DRM core
/// copies it back afterwards when both the caller's and the table's cmd have the READ bit.
struct ReferenceKernelArgument {
    var bytes: [UInt8]

    func load<T>(_ type: T.Type) -> T {
        precondition(bytes.count >= MemoryLayout<T>.size, "kernel argument shorter than \(T.self)")
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: T.self) }
    }

    mutating func store<T>(_ value: T) {
        precondition(bytes.count >= MemoryLayout<T>.size, "kernel argument shorter than \(T.self)")
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value, as: T.self) }
    }
}

/// Reads a struct out of a byte buffer at an offset; bytes past the end read as zero (the
/// MANAGE message buffer is a zeroed 4 KiB allocation).
func referenceLoad<T>(_ type: T.Type, from bytes: [UInt8], at offset: Int) -> T {
    var chunk = [UInt8](repeating: 0, count: MemoryLayout<T>.size)
    if offset < bytes.count {
        let available = min(chunk.count, bytes.count - offset)
        chunk.replaceSubrange(0..<available, with: bytes[offset..<(offset + available)])
    }
    return chunk.withUnsafeBytes { $0.loadUnaligned(as: T.self) }
}

/// The bytes of a trivially-copyable value.
func referenceBytes<T>(of value: T) -> [UInt8] {
    var copy = value
    return withUnsafeBytes(of: &copy) { Array($0) }
}
