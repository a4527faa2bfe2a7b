/// Where a rule puts the findings it opens, one `append` at a time as into an array: each is encoded
/// at once into the sink's chunk (`FindingRecord`, its detail JSON rendered there), and a chunk of
/// `FindingSpill.chunkBytes` goes to the run's spill. A rule holds no finding it has appended.
struct FindingSink {
    private let spill: FindingSpill
    /// The rule's place in `Reconciler.rules`, the high half of each record's order.
    private let rule: UInt64
    private var sequence: UInt64 = 0
    private var chunk: [UInt8] = []
    /// Where each record of the chunk starts.
    private var starts: [Int] = []

    init(_ spill: FindingSpill, rule: Int) {
        self.spill = spill
        self.rule = UInt64(rule)
    }

    mutating func append(_ f: Finding) {
        precondition(sequence < 1 << 32, "a rule opened 2³² findings")
        starts.append(chunk.count)
        FindingRecord.append(f, order: rule << 32 | sequence, to: &chunk)
        sequence += 1
        if chunk.count >= spill.chunkBytes { flush() }
    }

    /// Hands the chunk to the spill; called when a chunk is full and when the rule ends.
    mutating func flush() {
        spill.add(chunk, starts: starts)
        chunk.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
    }
}
