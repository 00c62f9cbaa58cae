/// `--shard i/n`: the i-th of n slices (1-based, like CI_NODE_INDEX/CI_NODE_TOTAL), taking
/// every n-th case of the plan so slow groups spread over shards.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(_ text: String) throws(RunnerInputError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw RunnerInputError("--shard '\(text)': expected i/n, e.g. 1/4")
        }
        guard n >= 1, i >= 1, i <= n else {
            throw RunnerInputError("--shard '\(text)': need 1 <= i <= n")
        }
        index = i
        count = n
    }

    public func select<T>(_ items: [T]) -> [T] {
        items.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }

    public var description: String { "\(index)/\(count)" }
}
