import SQLiteStore

/// Binding recon's value types as the text the views show, formatted on the stack (no `String`).
extension Statement {
    /// Binds a date as `YYYY-MM-DD` text, formatted on the stack.
    func bind(_ index: Int32, _ d: LocalDate) {
        withUnsafeTemporaryAllocation(byteCount: 10, alignment: 1) { buf in
            DigitWriter.write(d, into: buf, at: 0)
            bindText(index, UnsafeRawBufferPointer(buf))
        }
    }

    /// Binds a date, or NULL.
    func bind(_ index: Int32, _ d: LocalDate?) {
        if let d { bind(index, d) } else { bindNull(index) }
    }

    /// Binds an ID number as its 18-character text, formatted on the stack.
    func bind(_ index: Int32, _ id: IDNumber) {
        withUnsafeTemporaryAllocation(byteCount: 18, alignment: 1) { buf in
            DigitWriter.write(id, into: buf, at: 0)
            bindText(index, UnsafeRawBufferPointer(buf))
        }
    }

    /// Binds a timestamp as `YYYY-MM-DD HH:MM:SS` text, formatted on the stack.
    func bind(_ index: Int32, _ t: LocalDateTime) {
        withUnsafeTemporaryAllocation(byteCount: 19, alignment: 1) { buf in
            DigitWriter.write(t, into: buf, at: 0)
            bindText(index, UnsafeRawBufferPointer(buf))
        }
    }
}
