import ReconCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One recond per database: an exclusive `flock` on `<database>.lock`, which holds the holder's pid.
///
/// The kernel drops the lock when the process ends however it ends (a `kill -9` included), so a
/// stale lock file never blocks a restart; the file itself is left in place.
public final class InstanceLock {
    public let path: String
    private var fd: Int32

    /// Takes the lock or throws `InstanceLockError.held` naming the pid that holds it. The database
    /// path is checked first (`DatabaseFile`), so a mistaken one leaves no lock file beside it.
    public init(database: String) throws {
        try DatabaseFile.checkWritable(database)
        try DatabaseFile.checkIsRecon(database)
        path = database + ".lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw InstanceLockError.cannotOpen(path: path, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let e = errno
            var buf = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buf, buf.count, 0)
            close(fd)
            fd = -1
            guard e == EWOULDBLOCK else { throw InstanceLockError.cannotOpen(path: path, errno: e) }
            let pid = n > 0 ? Int32(String(decoding: buf[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) : nil
            throw InstanceLockError.held(database: database, lock: path, pid: pid)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.count, 0)
    }

    /// Gives the lock up (also done when the object goes away or the process ends).
    public func release() {
        guard fd >= 0 else { return }
        _ = flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}

/// Why the instance lock could not be taken.
public enum InstanceLockError: Error, CustomStringConvertible, Equatable {
    case held(database: String, lock: String, pid: Int32?)
    case cannotOpen(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .held(let database, let lock, let pid):
            let who = pid.map { "another recond (pid \($0))" } ?? "another recond"
            return "\(who) is already running on \(database) (lock \(lock)); "
                + "stop it first, or give this one another database"
        case .cannotOpen(let path, let e):
            return "cannot open the lock file \(path): \(String(cString: strerror(e)))"
        }
    }
}
