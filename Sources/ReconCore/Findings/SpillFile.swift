#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What can go wrong keeping a run's findings in their temporary file.
public enum FindingSpillError: Error, CustomStringConvertible {
    case cannotCreate(directory: String, errno: Int32)
    case cannotWrite(errno: Int32)
    case cannotRead(errno: Int32)
    /// The file gave back fewer bytes than were written, or a record that does not fit its run.
    case damaged

    public var description: String {
        switch self {
        case .cannotCreate(let d, let e): "cannot create the findings' temporary file in \(d): \(String(cString: strerror(e)))"
        case .cannotWrite(let e): "cannot write the findings' temporary file: \(String(cString: strerror(e)))"
        case .cannotRead(let e): "cannot read the findings' temporary file: \(String(cString: strerror(e)))"
        case .damaged: "the findings' temporary file reads back damaged"
        }
    }
}

/// A temporary file no other process can open: created owner-only and unlinked at once, so its
/// blocks go back to the file system when it is closed, whatever way the process ends.
final class SpillFile: @unchecked Sendable {
    private let fd: Int32

    init(directory: String) throws {
        var path = Array((directory + "/.recon-findings-XXXXXX").utf8CString)
        fd = path.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FindingSpillError.cannotCreate(directory: directory, errno: errno) }
        unlink(path)
    }

    deinit { close(fd) }

    /// Writes all of `bytes` at `offset` (writes to distinct ranges may run side by side).
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw FindingSpillError.cannotWrite(errno: errno)
            }
            done += n
        }
    }

    /// Reads up to `count` bytes at `offset` into `target`; fewer only at the end of the file.
    func read(into target: UnsafeMutableRawPointer, count: Int, at offset: Int64) throws -> Int {
        var done = 0
        while done < count {
            let n = pread(fd, target + done, count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw FindingSpillError.cannotRead(errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }
}

/// One sorted run of a `SpillFile`, read front to back through a buffer, a record at a time.
final class SpillRunReader {
    private let file: SpillFile
    /// The part of the run not read into the buffer yet.
    private var next: Int64
    private let end: Int64
    private var buffer: UnsafeMutableRawBufferPointer
    /// The current record starts at `start`; the buffer holds read bytes up to `filled`.
    private var start = 0, filled = 0
    private(set) var record: FindingRecord?

    init(_ file: SpillFile, offset: Int64, length: Int64, bufferBytes: Int) {
        self.file = file
        next = offset
        end = offset + length
        buffer = .allocate(byteCount: max(FindingRecord.headerSize, min(bufferBytes, Int(length))), alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// Moves to the next record of the run; false past its last.
    func advance() throws -> Bool {
        if let r = record { start += r.bytes.count }
        record = nil
        guard try available(4) else {
            if filled > start { throw FindingSpillError.damaged }
            return false
        }
        let length = FindingRecord.length(at: buffer.baseAddress! + start)
        guard length >= FindingRecord.headerSize, try available(length) else { throw FindingSpillError.damaged }
        record = FindingRecord(at: buffer.baseAddress! + start)
        return true
    }

    /// Whether `n` bytes from `start` are in the buffer once what is left of the run has been read in.
    private func available(_ n: Int) throws -> Bool {
        if filled - start >= n { return true }
        let kept = filled - start
        if start > 0 {
            memmove(buffer.baseAddress!, buffer.baseAddress! + start, kept)
            (start, filled) = (0, kept)
        }
        if n > buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(n, 2 * buffer.count), alignment: 8)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: kept)
            buffer.deallocate()
            buffer = larger
        }
        while filled < n, next < end {
            let got = try file.read(into: buffer.baseAddress! + filled, count: min(buffer.count - filled, Int(end - next)), at: next)
            guard got > 0 else { throw FindingSpillError.damaged }
            filled += got
            next += Int64(got)
        }
        return filled >= n
    }
}
