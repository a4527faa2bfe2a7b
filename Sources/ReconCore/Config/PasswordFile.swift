import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A password read from a file only its owner can read (`chmod 600`), or from standard input for
/// `-`: its first line. Passwords never travel on a command line or in a configuration file.
public enum PasswordFile {
    public enum Failure: Error, Equatable {
        case missing(String)
        case readableByOthers(String)
    }

    public static func read(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var st = stat()
            guard stat(path, &st) == 0, let d = FileManager.default.contents(atPath: path) else { throw Failure.missing(path) }
            guard st.st_mode & 0o077 == 0 else { throw Failure.readableByOthers(path) }
            data = d
        }
        let text = String(decoding: data, as: UTF8.self)
        return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
    }
}
