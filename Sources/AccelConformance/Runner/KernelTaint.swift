import Foundation

/// `/proc/sys/kernel/tainted` (Documentation/admin-guide/tainted-kernels.rst). Fatal bits
/// are IGT's: machine check, bad page, die (oops), warn. Out-of-tree and unsigned modules
/// (O, E) are normal on development and VM setups.
public struct KernelTaint: Sendable, Equatable, CustomStringConvertible {
    public let rawValue: UInt64

    public static let fatalBits: [(letter: Character, bit: UInt64)] = [
        ("M", 16), ("B", 32), ("D", 128), ("W", 512),
    ]
    public static let fatalMask: UInt64 = fatalBits.reduce(0) { $0 | $1.bit }
    /// The fatal bits that say the kernel itself failed (machine check, bad page, oops), unlike
    /// W (a warning): a case during which one is set is a crash.
    public static let crashMask: UInt64 = 16 | 32 | 128

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public init?(text: String) {
        guard let value = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        rawValue = value
    }

    /// Reads `<procRoot>/sys/kernel/tainted`; nil when unreadable.
    public static func read(procRoot: String) -> KernelTaint? {
        guard let text = try? String(contentsOfFile: procRoot + "/sys/kernel/tainted", encoding: .utf8) else { return nil }
        return KernelTaint(text: text)
    }

    public var fatal: UInt64 { rawValue & Self.fatalMask }
    public var isFatal: Bool { fatal != 0 }

    /// Fatal bits set now that were not set in `before`.
    public func newFatal(since before: KernelTaint) -> KernelTaint? {
        let gained = fatal & ~before.rawValue
        return gained == 0 ? nil : KernelTaint(rawValue: gained)
    }

    /// Crash bits (M, B, D) set now that were not set in `before`.
    public func newCrash(since before: KernelTaint) -> KernelTaint? {
        let gained = rawValue & Self.crashMask & ~before.rawValue
        return gained == 0 ? nil : KernelTaint(rawValue: gained)
    }

    /// `12416 (D)`: the value with the letters of its fatal bits.
    public var description: String {
        let letters = Self.fatalBits.filter { rawValue & $0.bit != 0 }.map { "\($0.letter) \($0.bit)" }
        return letters.isEmpty ? "\(rawValue)" : "\(rawValue) (\(letters.joined(separator: ", ")))"
    }
}
