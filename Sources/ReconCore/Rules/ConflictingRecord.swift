/// `CONFLICTING_RECORD` (high, txn or reversal): the same identity arrived again with different
/// amount, normalised ID, insurance or time; the first one seen stands. See `RepeatedRecords`.
public enum ConflictingRecord {
    public static func findings(_ v: JoinedView) -> [Finding] {
        RepeatedRecords.findings(v).filter { $0.code == .conflictingRecord }
    }
}
