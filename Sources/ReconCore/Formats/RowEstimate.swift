/// Room for a file's rows reserved once, from an estimate, instead of grown by doubling: each doubling
/// copies the rows so far into fresh pages, a tenth of the parse of a large file.
///
/// The estimate scales the rows so far by the text expected over the text seen. What is expected
/// comes from the gzip trailer (the last member's size), which a damaged or crafted file may get
/// wrong: a wrong hint only leaves capacity unused (never touched, so never resident) or the array
/// growing as before, and the hint is capped (`FileReader`) at what no real file comes near.
struct RowEstimate {
    /// Text bytes the file is expected to expand to; 0 when unknown.
    var expectedBytes = 0
    /// Text bytes seen so far.
    private(set) var seenBytes = 0
    private var reserved = false

    /// Counts a physical line (and its line end).
    @inline(__always)
    mutating func see(_ line: UnsafeRawBufferPointer) { seenBytes &+= line.count + 1 }

    /// Before appending to `rows`: once, when it is full and a few hundred rows give an average,
    /// reserves room for the rows the rest of the text should bring.
    @inline(__always)
    mutating func makeRoom<T>(_ rows: inout [T]) {
        guard rows.count == rows.capacity, rows.count >= 256, !reserved, expectedBytes > seenBytes else { return }
        reserved = true
        let estimate = Double(rows.count) * Double(expectedBytes) / Double(seenBytes) * 1.05
        // Worth it only when it saves doubling; otherwise the array grows as usual.
        if estimate > Double(rows.capacity) * 1.25 { rows.reserveCapacity(Int(estimate) + 16) }
    }
}
