import Foundation

/// A small seeded generator (SplitMix64): the same seed gives the same inputs on every
/// machine, so a fuzz failure is reproduced by its seed and input number alone.
struct FuzzRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< bound (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Inputs for one parser: mutations of valid inputs (bit flips, byte edits, deletions,
/// duplications, tokens of the format spliced in, lines swapped, truncation, two seeds
/// crossed) plus, for one input in eight, plain random bytes.
struct FuzzInputs {
    /// Valid (or nearly valid) inputs the mutations start from.
    let seeds: [[UInt8]]
    /// Tokens of the input's own format: separators, keywords, numbers at the edges.
    let dictionary: [[UInt8]]
    /// Longest random-bytes input.
    var maximumRandomLength = 300

    init(seeds: [String], dictionary: [String]) {
        self.seeds = seeds.map { Array($0.utf8) }
        self.dictionary = (dictionary + Self.commonTokens).map { Array($0.utf8) }
    }

    /// Tokens that break most text formats: edges of integer ranges, escapes, control bytes.
    static let commonTokens = [
        "\n", "\r\n", "\0", "\t", " ", ",", ":", ";", "#", "\"", "\\", "/", "{", "}", "[", "]", "(", ")", "*", "?",
        "0", "-1", "-0", "1e309", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "-9223372036854775809", "\u{FFFD}", "\u{202E}", "é", "😀", "\\u0000", "\\ud800", "null", "true", "[]", "{}",
    ]

    /// Input number `index` of the sequence seeded with `seed`.
    func input(_ index: Int, seed: UInt64) -> [UInt8] {
        var random = FuzzRandom(seed: seed &+ UInt64(index) &* 0x1000_0001)
        if seeds.isEmpty || random.below(8) == 0 {
            return (0..<random.below(maximumRandomLength + 1)).map { _ in random.byte() }
        }
        var bytes = random.pick(seeds)
        for _ in 0..<(1 + random.below(6)) { mutate(&bytes, &random) }
        return bytes
    }

    private func mutate(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        let position = bytes.isEmpty ? 0 : random.below(bytes.count + 1)
        switch random.below(10) {
        case 0 where !bytes.isEmpty:
            let at = random.below(bytes.count)
            bytes[at] ^= UInt8(1) << UInt8(random.below(8))
        case 1 where !bytes.isEmpty:
            bytes[random.below(bytes.count)] = random.byte()
        case 2:
            bytes.insert(random.byte(), at: position)
        case 3 where !bytes.isEmpty:
            let start = random.below(bytes.count)
            let length = min(bytes.count - start, 1 + random.below(16))
            bytes.removeSubrange(start..<start + length)
        case 4 where !bytes.isEmpty:
            let start = random.below(bytes.count)
            let length = min(bytes.count - start, 1 + random.below(64))
            let chunk = Array(bytes[start..<start + length])
            let copies = random.chance(10) ? 50 : 1
            for _ in 0..<copies { bytes.insert(contentsOf: chunk, at: min(position, bytes.count)) }
        case 5, 6:
            bytes.insert(contentsOf: random.pick(dictionary), at: position)
        case 7 where !bytes.isEmpty:
            bytes.removeSubrange(random.below(bytes.count)...)
        case 8:
            // Swap two lines: order-dependent formats (headers, first/last lines).
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            if lines.count > 1 {
                lines.swapAt(random.below(lines.count), random.below(lines.count))
                bytes = Array(lines.joined(separator: [0x0A]))
            }
        default:
            let other = random.pick(seeds)
            if !other.isEmpty {
                let cut = random.below(other.count)
                bytes = Array(bytes[..<min(position, bytes.count)]) + Array(other[cut...])
            }
        }
    }
}
