import Foundation

/// Files recon writes that hold personal data (reports, exports): created 0600 whatever the umask, whole
/// or not at all — written to a temporary file beside the target, then renamed over it.
public enum PrivateFile {
    /// A new, empty, owner-only file beside `path` to write into; rename it with `install`.
    public static func temporary(beside path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        unlink(temp)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PrivateFileError(path: path, reason: String(cString: strerror(errno))) }
        close(fd)
        return temp
    }

    /// Renames a finished temporary file over `path` (a file already there keeps no other mode: the
    /// new one is 0600).
    public static func install(_ temp: String, at path: String) throws {
        guard rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw PrivateFileError(path: path, reason: reason)
        }
    }

    /// Writes `bytes` to `path`, 0600, whole or not at all.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temp = try temporary(beside: path)
        do {
            guard let handle = FileHandle(forWritingAtPath: temp) else {
                throw PrivateFileError(path: path, reason: String(cString: strerror(errno)))
            }
            defer { try? handle.close() }
            try handle.write(contentsOf: bytes)
        } catch {
            unlink(temp)
            throw error as? PrivateFileError ?? PrivateFileError(path: path, reason: "\(error)")
        }
        try install(temp, at: path)
    }
}

/// Why a private file could not be written.
public struct PrivateFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}
