#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists and reads the files of an inbox folder safely: symbolic links never followed, files still
/// being written (`*.part`, `*.tmp`, hidden) left alone, and entries that can never be ingested — a
/// link, a folder, a device, a name that is not UTF-8 — refused with a reason, so that they are
/// quarantined like a bad file instead of sitting in the inbox unaccounted for.
public enum Inbox {
    /// An inbox entry that is not a file to ingest yet, and why (it stays in the inbox).
    public struct Skipped: Sendable, Hashable {
        public var name: String
        public var reason: String
        package init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }

    /// An entry that arrived but can never be ingested: it is quarantined with `reason`.
    public struct Refused: Sendable, Hashable {
        /// The name as shown and stored: the entry's name, with `\xNN` for bytes that are not UTF-8.
        public var name: String
        /// The entry's path as bytes (a name that is not UTF-8 has no `String` path).
        public var rawPath: [UInt8]
        public var error: FileError
        public var reason: String { error.description }
        /// A regular file (with a name that is not UTF-8): its bytes are read and kept.
        var isRegularFile: Bool
    }

    /// What one look at the inbox found.
    public struct Listing: Sendable {
        /// Names of the regular files to ingest, sorted.
        public var files: [String] = []
        public var skipped: [Skipped] = []
        /// Entries to quarantine, sorted by name.
        public var refused: [Refused] = []
    }

    /// Why a `*.part`, `*.tmp` or hidden entry is passed over.
    public static let incompleteReason = "not complete yet (hidden, .part or .tmp)"
    /// Why a symbolic link is refused.
    public static let symlinkReason = FileError.symbolicLink.description
    /// Why a folder is refused.
    public static let directoryReason = FileError.directory.description
    /// Why a name that is not UTF-8 is refused.
    public static let badNameReason = FileError.nameNotUTF8.description

    /// Names of the regular files in `directory`, sorted; plus what was passed over or refused.
    public static func list(_ directory: String) throws -> (files: [String], skipped: [Skipped]) {
        let l = try scan(directory)
        return (l.files, l.skipped + l.refused.map { Skipped(name: $0.name, reason: $0.reason) })
    }

    /// Looks at every entry of `directory` without following links.
    /// Throws unless `directory` is a folder that can be listed: checked before a run opens (or
    /// creates) its database, so a mistyped inbox leaves nothing behind.
    public static func requireFolder(_ directory: String) throws {
        var st = stat()
        guard stat(directory, &st) == 0 else {
            throw errno == ENOENT ? InboxError.missing(directory) : InboxError.cannotOpen(directory, errno)
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw InboxError.notAFolder(directory) }
        guard let dir = opendir(directory) else { throw InboxError.cannotOpen(directory, errno) }
        closedir(dir)
    }

    public static func scan(_ directory: String) throws -> Listing {
        guard let dir = opendir(directory) else { throw InboxError.cannotOpen(directory, errno) }
        defer { closedir(dir) }
        var listing = Listing()
        let prefix = Array(directory.utf8) + [0x2F]
        while let entry = readdir(dir) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if raw == [0x2E] || raw == [0x2E, 0x2E] { continue }
            let valid = String(validating: raw, as: UTF8.self)
            let name = valid ?? escaped(raw)
            if name.hasPrefix(".") || name.hasSuffix(".part") || name.hasSuffix(".tmp") {
                listing.skipped.append(Skipped(name: name, reason: incompleteReason))
                continue
            }
            let path = prefix + raw
            var st = stat()
            guard lstatBytes(path, &st) == 0 else {
                listing.skipped.append(Skipped(name: name, reason: "cannot stat: \(String(cString: strerror(errno)))"))
                continue
            }
            let type = st.st_mode & S_IFMT
            func refuse(_ error: FileError) {
                listing.refused.append(Refused(name: name, rawPath: path, error: error, isRegularFile: type == S_IFREG))
            }
            switch type {
            case S_IFREG where valid != nil: listing.files.append(name)
            case S_IFREG: refuse(.nameNotUTF8)
            case S_IFLNK: refuse(.symbolicLink)
            case S_IFDIR: refuse(.directory)
            default: refuse(.notRegularFile)
            }
        }
        listing.files.sort()
        listing.refused.sort { $0.name < $1.name }
        return listing
    }

    /// `raw` as text, every byte that is not part of valid UTF-8 shown as `\xNN`.
    public static func escaped(_ raw: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < raw.count {
            // The longest valid UTF-8 sequence starting here (1 to 4 bytes), else one escaped byte.
            var taken = false
            for n in 1...4 where i + n <= raw.count {
                if let s = String(validating: raw[i..<(i + n)], as: UTF8.self) {
                    out += s == "\\" ? "\\\\" : s
                    i += n
                    taken = true
                    break
                }
            }
            if !taken {
                out += "\\x" + String(raw[i], radix: 16, uppercase: true).leftPadded(2)
                i += 1
            }
        }
        return out
    }

    /// Reads a whole (compressed) file without following a symbolic link.
    public static func read(_ path: String, maxBytes: Int = 1 << 31) throws -> [UInt8] {
        try read(rawPath: Array(path.utf8), shownAs: path, maxBytes: maxBytes)
    }

    /// Reads a whole file given as path bytes, without following a symbolic link.
    ///
    /// A file that changes while it is read (its size or modification time differ at the end, or it
    /// gave more or fewer bytes than its size) is refused with `changedWhileReading`: it is still
    /// being written, and is read again later instead of being stored torn.
    /// - Parameter afterOpen: called once the file is open and measured (tests change the file there).
    public static func read(rawPath: [UInt8], shownAs path: String, maxBytes: Int = 1 << 31,
                            afterOpen: (() -> Void)? = nil) throws -> [UInt8] {
        let fd = (rawPath + [0]).withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        }
        guard fd >= 0 else {
            if errno == ELOOP { throw InboxError.notRegular(path) }
            throw InboxError.cannotRead(path, errno)
        }
        defer { close(fd) }
        var before = stat()
        guard fstat(fd, &before) == 0, before.st_mode & S_IFMT == S_IFREG else { throw InboxError.notRegular(path) }
        guard Int(before.st_size) <= maxBytes else { throw InboxError.tooLarge(path, Int(before.st_size)) }
        afterOpen?()
        var out = [UInt8]()
        out.reserveCapacity(Int(before.st_size))
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
        var after = stat()
        guard fstat(fd, &after) == 0 else { throw InboxError.cannotRead(path, errno) }
        if after.st_size != before.st_size || out.count != Int(before.st_size)
            || after.st_mtim.tv_sec != before.st_mtim.tv_sec || after.st_mtim.tv_nsec != before.st_mtim.tv_nsec {
            throw InboxError.changedWhileReading(path)
        }
        return out
    }

    package static func lstatBytes(_ path: [UInt8], _ st: inout stat) -> Int32 {
        (path + [0]).withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &st) }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Why the inbox or one of its files could not be read.
/// Why the inbox or a file in it could not be read.
public enum InboxError: Error, CustomStringConvertible {
    case missing(String)
    case notAFolder(String)
    case cannotOpen(String, Int32)
    case cannotRead(String, Int32)
    case notRegular(String)
    case tooLarge(String, Int)
    case changedWhileReading(String)

    public var description: String {
        switch self {
        case .missing(let p): return "the inbox \(p) does not exist (nothing was read or created)"
        case .notAFolder(let p): return "the inbox \(p) is not a folder"
        case .cannotOpen(let p, let e): return "cannot open inbox \(p): \(String(cString: strerror(e)))"
        case .cannotRead(let p, let e): return "cannot read \(p): \(String(cString: strerror(e)))"
        case .notRegular(let p): return "\(p) is not a regular file"
        case .tooLarge(let p, let n): return "\(p) is too large (\(n) bytes)"
        case .changedWhileReading(let p):
            return "\(p) changed while it was read (still being written): left in the inbox and read again later"
        }
    }
}
