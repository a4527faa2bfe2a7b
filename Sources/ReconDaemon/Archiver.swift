import ReconCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Moves handled files out of the inbox: stored ones to `archive/YYYY/MM/DD/` (the date in the
/// file's name, or the day it was handled when the name has none), quarantined ones to
/// `quarantine/` beside a `NAME.reason` file. Nothing is deleted and nothing is overwritten: a name
/// already taken gets `.1`, `.2`, … appended.
///
/// Called only after the file's transaction committed. Both moves are idempotent across a crash:
/// a file still in the inbox after a restart is simply moved again (the reason file is written
/// before the file is moved, so a quarantined file is never found without its reason).
public struct Archiver: Sendable {
    public let archive: String
    public let quarantine: String

    public init(archive: String, quarantine: String) {
        self.archive = archive
        self.quarantine = quarantine
    }

    /// The archive folder for a day.
    public func folder(for date: LocalDate) -> String {
        let d = date.description   // YYYY-MM-DD
        let parts = d.split(separator: "-")
        return archive + "/" + parts.joined(separator: "/")
    }

    /// Whether a file of this name was moved to the archive folder of `date` or to the quarantine.
    public func holds(_ name: String, date: LocalDate) -> Bool {
        FileManager.default.fileExists(atPath: folder(for: date) + "/" + name)
            || FileManager.default.fileExists(atPath: quarantine + "/" + name)
    }

    /// Moves `path` into the archive folder of `date`; returns where it went.
    @discardableResult
    public func archive(_ path: String, name: String, date: LocalDate) throws -> String {
        let dir = folder(for: date)
        try Archiver.makeFolder(dir)
        let target = dir + "/" + Archiver.freeName(in: dir, name)
        try Archiver.move(path, to: target)
        return target
    }

    /// Moves `path` to the quarantine folder after writing `NAME.reason`; returns where it went.
    @discardableResult
    public func quarantine(_ path: String, name: String, reason: String, receivedAt: String = BeijingClock.now()) throws -> String {
        let target = try reasonWritten(name: name, reason: reason, receivedAt: receivedAt)
        try Archiver.move(path, to: target)
        Archiver.restrict(target)
        return target
    }

    /// Moves a refused inbox entry (given as path bytes: a link, a folder, a name that is not UTF-8) to
    /// the quarantine folder under its shown name, after writing `NAME.reason`. A link is moved as a
    /// link, never followed.
    @discardableResult
    public func quarantine(rawPath: [UInt8], name: String, reason: String, receivedAt: String = BeijingClock.now()) throws -> String {
        let target = try reasonWritten(name: name, reason: reason, receivedAt: receivedAt)
        let rc = (rawPath + [0]).withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { rename($0.baseAddress!, target) }
        }
        guard rc == 0 else { throw ArchiveError.cannotMove(name, target, String(cString: strerror(errno))) }
        Archiver.restrict(target)
        return target
    }

    /// Picks the quarantine name for `name` and writes its `NAME.reason` (before the move, so that a
    /// quarantined file is never found without its reason).
    func reasonWritten(name: String, reason: String, receivedAt: String) throws -> String {
        try Archiver.makeFolder(quarantine)
        let target = quarantine + "/" + Archiver.freeName(in: quarantine, name)
        let text = "file: \(name)\nquarantined: \(receivedAt)\nreason: \(reason)\n"
        try Archiver.writeReplacing(target + ".reason", Array(text.utf8))
        return target
    }

    /// Makes a quarantined regular file owner-only (it arrived with the sender's mode); links and
    /// folders are left as they are (chmod would follow a link).
    static func restrict(_ path: String) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG { _ = fchmod(fd, 0o600) }
    }

    /// `name`, or `name.1`, `name.2`, … — the first that no file in `dir` has.
    static func freeName(in dir: String, _ name: String) -> String {
        var candidate = name
        var n = 0
        while Archiver.exists(dir + "/" + candidate) {
            n += 1
            candidate = "\(name).\(n)"
        }
        return candidate
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Creates `dir` (and its parents) owner-only (0700): archived and quarantined files hold personal data.
    static func makeFolder(_ dir: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ArchiveError.cannotCreate(dir, "\(error)")
        }
    }

    /// A rename; across file systems a copy made durable under a temporary name, renamed into place,
    /// and only then the source unlinked.
    static func move(_ from: String, to: String) throws {
        if rename(from, to) == 0 { return }
        let e = errno
        guard e == EXDEV else { throw ArchiveError.cannotMove(from, to, String(cString: strerror(e))) }
        let bytes = try Inbox.read(from)
        let temp = to + ".recon-tmp"
        try write(temp, bytes)
        guard rename(temp, to) == 0 else { throw ArchiveError.cannotMove(temp, to, String(cString: strerror(errno))) }
        guard unlink(from) == 0 else { throw ArchiveError.cannotMove(from, to, String(cString: strerror(errno))) }
    }

    /// Writes a small file under a temporary name and renames it over `path`.
    static func writeReplacing(_ path: String, _ bytes: [UInt8]) throws {
        let temp = path + ".recon-tmp"
        try write(temp, bytes)
        guard rename(temp, path) == 0 else { throw ArchiveError.cannotWrite(path, String(cString: strerror(errno))) }
    }

    static func write(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ArchiveError.cannotWrite(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.cannotWrite(path, String(cString: strerror(errno)))
            }
            offset += n
        }
        guard fsync(fd) == 0 else { throw ArchiveError.cannotWrite(path, String(cString: strerror(errno))) }
    }
}

/// Why a handled file could not be moved out of the inbox (it stays there and is moved at the next try).
enum ArchiveError: Error, CustomStringConvertible {
    case cannotCreate(String, String)
    case cannotMove(String, String, String)
    case cannotWrite(String, String)

    var description: String {
        switch self {
        case .cannotCreate(let dir, let why): return "cannot create \(dir): \(why)"
        case .cannotMove(let from, let to, let why): return "cannot move \(from) to \(to): \(why)"
        case .cannotWrite(let path, let why): return "cannot write \(path): \(why)"
        }
    }
}
