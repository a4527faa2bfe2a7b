/// Deterministic pseudo-random numbers for the generator (no Foundation randomness).
///
/// xoshiro256** seeded through SplitMix64; `fork(_:)` derives an independent stream from a
/// label so that adding draws in one part of the generator does not shift another part.
struct Rng {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(seed: UInt64) {
        var sm = seed
        func splitmix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(&sm); s1 = splitmix(&sm); s2 = splitmix(&sm); s3 = splitmix(&sm)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// A new stream derived from this generator's seed material and a label (FNV-1a).
    func fork(_ label: String, _ n: UInt64 = 0) -> Rng {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in label.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= n &* 0x9E37_79B9_7F4A_7C15
        return Rng(seed: h ^ s0 ^ (s2 &<< 1))
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in 0..<n (n > 0).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        let m = next().multipliedFullWidth(by: UInt64(n))
        return Int(m.high)
    }

    /// Uniform in the closed range.
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.upperBound - r.lowerBound + 1) }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }

    /// Index drawn with the given weights.
    mutating func weighted(_ w: [Double]) -> Int {
        var total = 0.0
        for x in w { total += x }
        var r = unit() * total
        for (i, x) in w.enumerated() {
            if r < x { return i }
            r -= x
        }
        return w.count - 1
    }

    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = below(i + 1)
            if i != j { a.swapAt(i, j) }
        }
    }
}

/// Cumulative-weight table for fast repeated weighted draws.
struct WeightTable {
    let cumulative: [Double]
    init(_ w: [Double]) {
        var c: [Double] = []
        c.reserveCapacity(w.count)
        var t = 0.0
        for x in w { t += x; c.append(t) }
        cumulative = c
    }
    func draw(_ rng: inout Rng) -> Int {
        let r = rng.unit() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > r { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
