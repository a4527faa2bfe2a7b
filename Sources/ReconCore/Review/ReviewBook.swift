/// The audit bureau's decisions on findings: each one updates the finding's review state and note
/// and appends a row to the history (`reviews_v1`) in the same transaction.
public struct ReviewBook {
    public enum State: String, CaseIterable, Sendable {
        case confirmed, dismissed, escalated
    }

    /// Why a decision could not be recorded.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case noSuchFinding(code: String, subject: String)
        case emptyReviewer

        public var description: String {
            switch self {
            case .noSuchFinding(let code, let subject): return "no finding with code \(code) and subject \(subject)"
            case .emptyReviewer: return "a review needs the reviewer's name"
            }
        }
    }

    let store: Store
    public init(store: Store) { self.store = store }

    /// Records one decision.
    public func record(code: String, subject: String, state: State, reviewer: String, note: String,
                       at: String = BeijingClock.now()) throws {
        guard !reviewer.trimmingSpaces.isEmpty else { throw Failure.emptyReviewer }
        try store.db.transaction {
            let update = try store.db.prepare(
                "UPDATE findings SET review_state = ?, review_note = ? WHERE code = ? AND subject = ?", persistent: false)
            try update.run([.text(state.rawValue), .text(note), .text(code), .text(subject)])
            guard store.db.changes == 1 else { throw Failure.noSuchFinding(code: code, subject: subject) }
            try store.db.prepare(
                "INSERT INTO reviews(code, subject, state, reviewer, note, at) VALUES (?, ?, ?, ?, ?, ?)",
                persistent: false).run([.text(code), .text(subject), .text(state.rawValue), .text(reviewer),
                                        .text(note), .text(at)])
        }
    }
}
