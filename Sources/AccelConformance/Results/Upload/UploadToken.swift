import Foundation

/// Where the KCIDB bearer token comes from: a file (`--token-file`) or the environment
/// (`KCIDB_TOKEN`), never the command line, where `ps` and shell history would show it.
/// Errors name the source, never the content.
public enum UploadToken {
    public static let environmentVariable = "KCIDB_TOKEN"

    public static func read(tokenFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(KCIDBUploader.Failure) -> String
    {
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw KCIDBUploader.Failure("--token-file \(tokenFile): missing or unreadable")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw KCIDBUploader.Failure("--token-file \(tokenFile): empty") }
            guard !token.contains(where: { $0.isNewline }) else {
                throw KCIDBUploader.Failure("--token-file \(tokenFile): more than one line")
            }
            return token
        }
        if let token = environment[environmentVariable]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return token
        }
        throw KCIDBUploader.Failure("no token: give --token-file FILE or set \(environmentVariable)")
    }
}
