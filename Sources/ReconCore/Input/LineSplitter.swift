#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a stream of decompressed chunks into physical lines (LF, with an optional CR before it),
/// carrying a partial line across chunk boundaries.
///
/// The line handed to the callback excludes the line ending and is only valid during the call.
struct LineSplitter {
    private var carry: [UInt8] = []
    private(set) public var lineNumber = 0
    /// Lines longer than this are refused (a line of hundreds of MB without a newline).
    let maxLineBytes: Int

    init(maxLineBytes: Int = 16 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    struct LineTooLong: Error { public let lineNumber: Int; public let limit: Int }

    /// Feeds one chunk; calls `body(line, number)` for every complete line in it.
    mutating func feed(_ chunk: UnsafeRawBufferPointer,
                              _ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var start = 0
        let count = chunk.count
        while start < count {
            guard let nl = memchr(base + start, 0x0A, count - start) else {
                if carry.count + (count - start) > maxLineBytes {
                    throw LineTooLong(lineNumber: lineNumber + 1, limit: maxLineBytes)
                }
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<count]))
                return
            }
            let end = UnsafeRawPointer(nl) - UnsafeRawPointer(base)
            lineNumber += 1
            if carry.isEmpty {
                try emit(UnsafeRawBufferPointer(rebasing: chunk[start..<end]), body)
            } else {
                if carry.count + (end - start) > maxLineBytes {
                    throw LineTooLong(lineNumber: lineNumber, limit: maxLineBytes)
                }
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
                try carry.withUnsafeBytes { try emit($0, body) }
                carry.removeAll(keepingCapacity: true)
            }
            start = end + 1
        }
    }

    /// Emits a final line that had no newline.
    mutating func finish(_ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        guard !carry.isEmpty else { return }
        lineNumber += 1
        try carry.withUnsafeBytes { try emit($0, body) }
        carry.removeAll()
    }

    private func emit(_ line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        if let last = line.last, last == 0x0D {
            try body(UnsafeRawBufferPointer(rebasing: line[0..<(line.count - 1)]), lineNumber)
        } else {
            try body(line, lineNumber)
        }
    }
}
