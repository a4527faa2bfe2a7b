/// The payments' texts (`PaymentText`), stored sparsely: a name only for the payments whose row
/// carries one (bank and ledger rows: 44% of a county's payments) and a raw ID only for the invalid
/// ones (a few dozen). A payment costs 4 bytes here and a name 16 more (a city's 4.3M payments:
/// about 47 MB, where 32 bytes each would be 138 MB).
public struct PaymentTexts: Sendable {
    /// Per payment: its index in `names`, -1 for none.
    private var nameIndex: [Int32] = []
    private var names: [String] = []
    private var rawIDs: [Int32: String] = [:]

    public init() {}

    public var count: Int { nameIndex.count }

    /// Payment `i`'s texts.
    public subscript(i: Int) -> PaymentText {
        PaymentText(rawID: rawIDs.isEmpty ? nil : rawIDs[Int32(i)], name: name(i))
    }

    /// The full name payment `i`'s row carries, if any.
    public func name(_ i: Int) -> String? {
        let k = nameIndex[i]
        return k >= 0 ? names[Int(k)] : nil
    }

    mutating func reserveCapacity(_ n: Int) { nameIndex.reserveCapacity(n) }

    /// Adds the texts of the next payment.
    mutating func append(_ t: PaymentText) {
        if let raw = t.rawID { rawIDs[Int32(nameIndex.count)] = raw }
        if let name = t.name {
            nameIndex.append(Int32(names.count))
            names.append(name)
        } else {
            nameIndex.append(-1)
        }
    }

    // MARK: Snapshot

    func write(to w: inout SnapshotWriter) {
        w.put(plain: nameIndex)
        w.put(texts: names)
        let raw = rawIDs.sorted { $0.key < $1.key }
        w.put(plain: raw.map(\.key))
        w.put(texts: raw.map(\.value))
    }

    init(from r: inout SnapshotReader) throws {
        nameIndex = try r.get(plain: Int32.self)
        names = try r.getTexts()
        let keys = try r.get(plain: Int32.self)
        let values: [String] = try r.getTexts()
        guard keys.count == values.count, nameIndex.allSatisfy({ $0 < names.count }) else {
            throw SnapshotError.damaged("the payments' texts")
        }
        rawIDs = Dictionary(uniqueKeysWithValues: zip(keys, values))
    }
}
