#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists and reads the files of an inbox folder safely: regular files only, symbolic links never
/// followed, files still being written (`*.part`, `*.tmp`, hidden) left alone.
public enum Inbox {
    /// An inbox entry that is not a file to ingest, and why.
    public struct Skipped: Sendable, Hashable { public var name: String; public var reason: String }

    /// Why a `*.part`, `*.tmp` or hidden entry is passed over.
    public static let incompleteReason = "not complete yet (hidden, .part or .tmp)"

    /// Names of the regular files in `directory`, sorted; plus what was passed over.
    public static func list(_ directory: String) throws -> (files: [String], skipped: [Skipped]) {
        guard let dir = opendir(directory) else { throw InboxError.cannotOpen(directory, errno) }
        defer { closedir(dir) }
        var files: [String] = []
        var skipped: [Skipped] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            if name.hasPrefix(".") || name.hasSuffix(".part") || name.hasSuffix(".tmp") {
                skipped.append(Skipped(name: name, reason: incompleteReason))
                continue
            }
            var st = stat()
            guard lstat(directory + "/" + name, &st) == 0 else {
                skipped.append(Skipped(name: name, reason: "cannot stat: \(String(cString: strerror(errno)))"))
                continue
            }
            switch st.st_mode & S_IFMT {
            case S_IFREG: files.append(name)
            case S_IFLNK: skipped.append(Skipped(name: name, reason: "symbolic link (never followed)"))
            case S_IFDIR: skipped.append(Skipped(name: name, reason: "directory"))
            default: skipped.append(Skipped(name: name, reason: "not a regular file"))
            }
        }
        return (files.sorted(), skipped)
    }

    /// Reads a whole (compressed) file without following a symbolic link.
    public static func read(_ path: String, maxBytes: Int = 1 << 31) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw InboxError.cannotRead(path, errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { throw InboxError.notRegular(path) }
        guard Int(st.st_size) <= maxBytes else { throw InboxError.tooLarge(path, Int(st.st_size)) }
        var out = [UInt8]()
        out.reserveCapacity(Int(st.st_size))
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InboxError.cannotRead(path, errno)
            }
            if n == 0 { break }
            out.append(contentsOf: buf[0..<n])
            if out.count > maxBytes { throw InboxError.tooLarge(path, out.count) }
        }
        return out
    }
}

/// Why the inbox or one of its files could not be read.
public enum InboxError: Error, CustomStringConvertible {
    case cannotOpen(String, Int32)
    case cannotRead(String, Int32)
    case notRegular(String)
    case tooLarge(String, Int)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let e): return "cannot open inbox \(p): \(String(cString: strerror(e)))"
        case .cannotRead(let p, let e): return "cannot read \(p): \(String(cString: strerror(e)))"
        case .notRegular(let p): return "\(p) is not a regular file"
        case .tooLarge(let p, let n): return "\(p) is too large (\(n) bytes)"
        }
    }
}
