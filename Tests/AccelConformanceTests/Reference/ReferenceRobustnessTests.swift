import CAccelShim
import Glibc
import SystemPackage
import Testing
@testable import AccelConformance

/// The reference device must answer garbage with an errno, never crash or hang: random
/// request numbers, sizes and argument bytes (with random pointers inside) on every profile.
@Suite struct ReferenceRobustnessTests {
    @Test(arguments: ReferenceDevices.profileIDs(for: "qaic"))
    func randomIoctlsNeverCrash(profile: String) throws {
        let device = try Ref.device(profile, latency: .milliseconds(1))
        let file = try device.open(.standard)
        var random = SeededRandom(seed: 0xACCE1 &+ UInt64(profile.utf8.count))
        // A few real objects so random handles and DBC ids sometimes hit something.
        for _ in 0..<4 { _ = try Ref.createBO(file, size: 8192) }
        _ = try Ref.activate(file)
        var scratch = [UInt8](repeating: 0, count: 8192)
        var answered = 0
        scratch.withUnsafeMutableBytes { buffer in
            let base = UInt64(UInt(bitPattern: buffer.baseAddress))
            for _ in 0..<4000 {
                let nr = random.next() % 3 == 0 ? UInt8(random.next() & 0xFF) : UInt8(0x40 + random.next() % 9)
                let size = Int(random.next() % 96)
                let direction = IoctlRequest.Direction(rawValue: UInt(random.next() % 4))
                let type: UInt8 = random.next() % 16 == 0 ? 0x65 : 0x64
                // Skip PRIME export: it creates real descriptors the test would have to close.
                if type == 0x64 && nr == 0x2D { continue }
                for index in 0..<128 {
                    let roll = random.next() % 8
                    // Small integers, pointers into scratch, bad pointers and noise.
                    let value: UInt64 = roll < 4 ? random.next() % 20 : roll == 4 ? base + random.next() % 4096
                        : roll == 5 ? 0x10 : random.next()
                    buffer.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: index, as: UInt8.self)
                    if index % 8 == 0 && index + 8 <= 128 { buffer.storeBytes(of: value, toByteOffset: index, as: UInt64.self) }
                }
                // WAIT must not block for seconds on a random busy BO: clamp its timeout field.
                if type == 0x64 && nr == 0x46 { buffer.storeBytes(of: UInt32(1), toByteOffset: 4, as: UInt32.self) }
                let request = IoctlRequest(direction: direction, type: type, nr: nr, size: size)
                _ = file.result(request, buffer.baseAddress)
                answered += 1
            }
        }
        #expect(answered > 3000)
        // And mmap of random offsets and lengths.
        for _ in 0..<200 {
            let offset = Int64(bitPattern: random.next() % 2 == 0 ? 0x1_0000_0000 + (random.next() % 64) * 4096 : random.next())
            let length = Int(random.next() % (1 << 16))
            if let map = try? file.mmap(length: length, protection: .read, flags: .shared, offset: offset) {
                try file.munmap(map, length: length)
            }
        }
        try file.close()
    }
}
