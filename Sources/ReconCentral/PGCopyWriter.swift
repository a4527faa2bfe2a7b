import CLibPQ

/// Rows in the text format of `COPY … FROM STDIN`: fields separated by tabs, rows by newlines,
/// NULL as `\N`, and backslash, tab, newline and carriage return escaped in a field — so any text
/// (a name, a JSON detail, a raw line) travels as it is. Sent to the server in 1 MiB pieces.
public struct PGCopyWriter {
    var buffer: [UInt8] = []
    let columns: Int
    var field = 0
    /// Rows written so far.
    public private(set) var rows = 0
    let conn: OpaquePointer

    init(conn: OpaquePointer, columns: Int) {
        self.conn = conn
        self.columns = columns
        buffer.reserveCapacity(1 << 20 + 4096)
    }

    /// The next field of the current row: text, or NULL for nil.
    public mutating func add(_ value: String?) {
        if field > 0 { buffer.append(UInt8(ascii: "\t")) }
        field += 1
        guard let value else { buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")]); return }
        for b in value.utf8 {
            switch b {
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [b, b])
            case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: buffer.append(b)
            }
        }
    }

    public mutating func add(_ value: Int64?) { add(value.map { String($0) }) }

    /// Ends the current row; it must have had one field per column. A full piece goes to the server.
    public mutating func endRow() throws {
        precondition(field == columns, "a COPY row of \(field) fields for \(columns) columns")
        buffer.append(UInt8(ascii: "\n"))
        field = 0
        rows += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        let ok = buffer.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { PQputCopyData(conn, $0.baseAddress, Int32($0.count)) }
        }
        guard ok == 1 else {
            throw CentralError.connectionLost(url: "", reason: String(cString: PQerrorMessage(conn)))
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
