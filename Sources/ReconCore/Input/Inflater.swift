import CISAL
import CZlib

/// The deflate library a `GzipReader` inflates with.
public enum InflateEngine: Sendable {
    /// ISA-L's igzip: about twice zlib's speed on recon's inputs.
    case igzip
    /// zlib: the reference, whose error messages the quarantine reasons quote.
    case zlib
}

/// The deflate engine under `GzipReader`: inflates one gzip member at a time, header and trailer
/// included, and says where a member ends.
///
/// ISA-L's igzip inflates the inputs about twice as fast as zlib (Benchmarks/peers/inflate_floor.c,
/// `--isal`); zlib is the reference, whose error messages the quarantine reasons quote. Readers of
/// untrusted files inflate with igzip and read a file again with zlib whenever it would be quarantined
/// (`FileReader`), so every reason given is zlib's.
final class Inflater {
    typealias Engine = InflateEngine

    /// What one step did besides consuming input and writing output.
    enum Outcome {
        case progress
        case memberEnd
        case corrupt(String)
        case outOfMemory
    }

    let engine: Engine
    // Both libraries keep pointers into their state: it lives at a fixed heap address.
    private let zstream: UnsafeMutablePointer<z_stream>?
    private let igzip: UnsafeMutablePointer<inflate_state>?

    init(_ engine: Engine) {
        self.engine = engine
        switch engine {
        case .zlib:
            let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            s.initialize(to: z_stream())
            // 15 + 32: maximum window, gzip header auto-detection (the magic is checked by the reader).
            let rc = czlib_inflateInit2(s, 15 + 32)
            precondition(rc == Z_OK, "inflateInit2 failed (\(rc)): out of memory or zlib version mismatch")
            zstream = s
            igzip = nil
        case .igzip:
            let s = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
            isal_inflate_init(s)
            s.pointee.crc_flag = UInt32(ISAL_GZIP)
            igzip = s
            zstream = nil
        }
    }

    deinit {
        if let zstream {
            inflateEnd(zstream)
            zstream.deallocate()
        }
        igzip?.deallocate()
    }

    /// Starts the next member.
    func reset() {
        if let zstream { inflateReset(zstream) }
        if let igzip {
            isal_inflate_reset(igzip)
            igzip.pointee.crc_flag = UInt32(ISAL_GZIP)
        }
    }

    /// Inflates from `input` into `output`; returns the bytes consumed and written.
    func step(_ input: UnsafeMutableRawPointer, _ count: Int, into output: UnsafeMutableRawPointer, room: Int)
        -> (consumed: Int, written: Int, outcome: Outcome) {
        // The libraries count in 32 bits: larger input is fed in slices.
        let feed = min(count, 1 << 30)
        if let s = zstream {
            s.pointee.next_in = input.assumingMemoryBound(to: Bytef.self)
            s.pointee.avail_in = uInt(feed)
            s.pointee.next_out = output.assumingMemoryBound(to: Bytef.self)
            s.pointee.avail_out = uInt(room)
            let rc = CZlib.inflate(s, Z_NO_FLUSH)
            let done = (feed - Int(s.pointee.avail_in), room - Int(s.pointee.avail_out))
            let message = s.pointee.msg.map { String(cString: $0) }
            switch rc {
            case Z_STREAM_END: return (done.0, done.1, .memberEnd)
            case Z_OK, Z_BUF_ERROR: return (done.0, done.1, .progress)
            case Z_DATA_ERROR: return (done.0, done.1, .corrupt(message ?? "invalid deflate data"))
            case Z_NEED_DICT: return (done.0, done.1, .corrupt("stream requires a preset dictionary"))
            case Z_MEM_ERROR: return (done.0, done.1, .outOfMemory)
            default: return (done.0, done.1, .corrupt(message ?? "zlib error \(rc)"))
            }
        }
        let s = igzip!
        s.pointee.next_in = input.assumingMemoryBound(to: UInt8.self)
        s.pointee.avail_in = UInt32(feed)
        s.pointee.next_out = output.assumingMemoryBound(to: UInt8.self)
        s.pointee.avail_out = UInt32(room)
        let rc = isal_inflate(s)
        let done = (feed - Int(s.pointee.avail_in), room - Int(s.pointee.avail_out))
        guard rc == ISAL_DECOMP_OK || rc == ISAL_END_INPUT || rc == ISAL_OUT_OVERFLOW else {
            return (done.0, done.1, .corrupt("igzip error \(rc)"))
        }
        return (done.0, done.1, s.pointee.block_state == ISAL_BLOCK_FINISH ? .memberEnd : .progress)
    }
}
