import Foundation

/// The results folder could not be written (disk full, I/O error, read-only mount): the
/// message names the file. Nothing journaled before is lost, and `resume` carries on once the
/// cause is fixed. The CLI exits with ``RunVerdict/storageFailed``.
public struct RunStorageError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The reason from a C errno value.
    public init(path: String, errno code: Int32, doing action: String) {
        self.init(path: path, reason: "\(action): \(String(cString: strerror(code)))")
    }

    public var description: String { "\(path): \(reason)" }
}
