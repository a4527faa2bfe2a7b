import CZlib

/// gzip compression for the synthetic data generator and tests.
public enum GzipWriter {
    /// Compresses `data` into one gzip member.
    /// - Parameter level: zlib level 0–9 (6 is zlib's default trade-off).
    public static func compress(_ data: [UInt8], level: Int32 = 6) -> [UInt8] {
        // Heap-allocated: zlib rejects calls through a moved z_stream.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { deflateEnd(stream); stream.deallocate() }
        // 15 + 16: maximum window, gzip wrapper instead of zlib's.
        let rc = czlib_deflateInit2(stream, level, 15 + 16)
        precondition(rc == Z_OK, "deflateInit2 failed (\(rc))")

        let chunk = 256 << 10
        var result: [UInt8] = []
        result.reserveCapacity(data.count / 3 + 64)
        let out = UnsafeMutablePointer<Bytef>.allocate(capacity: chunk)
        defer { out.deallocate() }

        data.withUnsafeBytes { src in
            var offset = 0
            while true {
                // avail_in is 32-bit: feed large inputs in slices.
                let feed = min(src.count - offset, 1 << 30)
                let last = offset + feed == src.count
                stream.pointee.next_in = UnsafeMutablePointer(
                    mutating: (src.baseAddress.map { $0 + offset } ?? UnsafeRawPointer(out))
                        .assumingMemoryBound(to: Bytef.self))
                stream.pointee.avail_in = uInt(feed)
                var status: Int32
                repeat {
                    stream.pointee.next_out = out
                    stream.pointee.avail_out = uInt(chunk)
                    status = deflate(stream, last ? Z_FINISH : Z_NO_FLUSH)
                    precondition(status != Z_STREAM_ERROR, "deflate stream error")
                    result.append(contentsOf: UnsafeBufferPointer(start: out, count: chunk - Int(stream.pointee.avail_out)))
                } while stream.pointee.avail_out == 0 || (last && status != Z_STREAM_END)
                offset += feed
                if last { break }
            }
        }
        return result
    }
}
