/// `DUPLICATE_RECORD` (info, txn or reversal): the same identity arrived again with the same content
/// (overlapping or re-sent statements); it is counted once. See `RepeatedRecords`.
public enum DuplicateRecord {
    public static func findings(_ v: JoinedView) -> [Finding] {
        RepeatedRecords.findings(v).filter { $0.code == .duplicateRecord }
    }
}
