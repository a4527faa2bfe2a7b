/// An open-addressing map from packed ID keys (`IDNumber.body`, or `JoinedView.key(body, insurance)`)
/// to `Int32`: the roster joins of the view, without hashing through `Hasher`.
struct IDMap {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0
    private static let empty = UInt64.max

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: IDMap.empty, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always) static func slot(_ k: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    subscript(key: UInt64) -> Int32? {
        var i = IDMap.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == IDMap.empty { return nil }
            i = (i + 1) & mask
        }
    }

    /// Adds the key unless present (the first value stays); true when added.
    @discardableResult
    mutating func insertIfAbsent(_ key: UInt64, _ value: Int32) -> Bool {
        var i = IDMap.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return false }
            if k == IDMap.empty { break }
            i = (i + 1) & mask
        }
        keys[i] = key
        values[i] = value
        count += 1
        if count * 2 > keys.count { grow() }
        return true
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let size = keys.count * 2
        keys = Array(repeating: IDMap.empty, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        count = 0
        for (i, k) in oldKeys.enumerated() where k != IDMap.empty { insertIfAbsent(k, oldValues[i]) }
    }

}
