import CAccelShim
import SystemPackage

/// Copies to and from addresses that a case supplied, without trusting them: like the
/// kernel's copy_from_user/copy_to_user, an unmapped address gives EFAULT instead of a crash.
/// Works through process_vm_readv/writev on our own process.
public enum UserMemory {
    /// Reads `count` bytes at `address`; EFAULT when any part is not readable.
    public static func read(_ address: UInt64, count: Int) throws(Errno) -> [UInt8] {
        if count == 0 { return [] }
        guard address != 0 else { throw Errno.badAddress }
        var bytes = [UInt8](repeating: 0, count: count)
        let copied = bytes.withUnsafeMutableBytes { ac_copy_from_self($0.baseAddress, address, count) }
        guard copied == count else { throw Errno.badAddress }
        return bytes
    }

    /// Writes `bytes` at `address`; EFAULT when any part is not writable.
    public static func write(_ bytes: [UInt8], to address: UInt64) throws(Errno) {
        if bytes.isEmpty { return }
        guard address != 0 else { throw Errno.badAddress }
        let copied = bytes.withUnsafeBytes { ac_copy_to_self(address, $0.baseAddress, $0.count) }
        guard copied == bytes.count else { throw Errno.badAddress }
    }

    /// Reads a trivially-copyable struct at `address`.
    public static func read<T: BitwiseCopyable>(_ type: T.Type, at address: UInt64) throws(Errno) -> T {
        let bytes = try read(address, count: MemoryLayout<T>.size)
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: T.self) }
    }

    /// Writes a trivially-copyable struct to `address`.
    public static func write<T: BitwiseCopyable>(_ value: T, to address: UInt64) throws(Errno) {
        var copy = value
        let bytes = withUnsafeBytes(of: &copy) { Array($0) }
        try write(bytes, to: address)
    }

    /// Reads `count` consecutive structs at `address`.
    public static func readArray<T: BitwiseCopyable>(_ type: T.Type, at address: UInt64, count: Int) throws(Errno) -> [T] {
        let stride = MemoryLayout<T>.stride
        let bytes = try read(address, count: stride * count)
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * stride, as: T.self) }
        }
    }
}
