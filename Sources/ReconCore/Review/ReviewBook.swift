/// The audit bureau's decisions on findings: each one updates the finding's review state and note
/// and appends a row to the history (`reviews_v1`) in the same transaction.
public struct ReviewBook {
    public enum State: String, CaseIterable, Sendable {
        case confirmed, dismissed, escalated

        /// A state as a reviewer writes it: the English names (any case) or the Chinese words the
        /// reports show (已确认, 已排除, 已上报) and their short forms.
        public init?(written: String) {
            let w = written.trimmingSpaces.lowercased()
            switch w {
            case "confirmed", "已确认", "确认": self = .confirmed
            case "dismissed", "已排除", "排除": self = .dismissed
            case "escalated", "已上报", "上报": self = .escalated
            default: return nil
            }
        }

        /// Whether a written state asks for no decision (`new`, 待审核 or nothing).
        public static func isUndecided(_ written: String) -> Bool {
            ["", "new", "待审核"].contains(written.trimmingSpaces.lowercased())
        }
    }

    /// Why a decision could not be recorded.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case noSuchFinding(code: String, subject: String)
        case emptyReviewer
        /// Someone decided on the finding after the reviewer last saw it: their decision, to be seen first.
        case decidedMeanwhile(reviewer: String, state: String, note: String, at: String)

        public var description: String {
            switch self {
            case .noSuchFinding(let code, let subject): return "no finding with code \(code) and subject \(subject)"
            case .emptyReviewer: return "a review needs the reviewer's name"
            case .decidedMeanwhile(let reviewer, let state, _, let at):
                return "\(reviewer) decided \(state) on this finding at \(at), after you opened it"
            }
        }
    }

    let store: Store
    public init(store: Store) { self.store = store }

    /// Records one decision. With `seenDecisions` (how many decisions on the finding the reviewer had
    /// seen), a decision someone recorded since is reported (`Failure.decidedMeanwhile`) instead of
    /// being silently overwritten.
    public func record(code: String, subject: String, state: State, reviewer: String, note: String,
                       at: String = BeijingClock.now(), seenDecisions: Int? = nil) throws {
        guard !reviewer.trimmingSpaces.isEmpty else { throw Failure.emptyReviewer }
        try store.db.transaction {
            if let seen = seenDecisions {
                let history = try store.db.prepare("""
                    SELECT reviewer, state, COALESCE(note, ''), at FROM reviews WHERE code = ? AND subject = ? ORDER BY id
                    """, persistent: false).query([.text(code), .text(subject)])
                if history.count > seen, let last = history.last {
                    func t(_ i: Int) -> String { if case .text(let s) = last[i] { return s } else { return "" } }
                    throw Failure.decidedMeanwhile(reviewer: t(0), state: t(1), note: t(2), at: t(3))
                }
            }
            let update = try store.db.prepare(
                "UPDATE findings SET review_state = ?, review_note = ? WHERE code = ? AND subject = ?", persistent: false)
            try update.run([.text(state.rawValue), .text(note), .text(code), .text(subject)])
            guard store.db.changes == 1 else { throw Failure.noSuchFinding(code: code, subject: subject) }
            try ReviewTrail.append(store.db, code: code, subject: subject, state: state.rawValue, reviewer: reviewer,
                                   note: note, at: at)
        }
    }

    /// What a sheet of decisions did.
    public struct SheetResult: Sendable, Equatable {
        /// Rows recorded as decisions (each with its history row).
        public var applied: [ReviewSheet.Row] = []
        /// Rows that ask for nothing: no decision (`new`), or the state and note the finding already has.
        public var unchanged = 0
        /// Rows that could not be applied, with line numbers and reasons (the sheet's own and the database's).
        public var failures: [ReviewSheet.Failure] = []
    }

    /// Records the decisions of an edited findings export (`ReviewSheet`) by one reviewer, in one
    /// transaction: the rows that can be applied are, the others are reported and change nothing.
    public func apply(_ sheet: ReviewSheet, reviewer: String, at: String = BeijingClock.now()) throws -> SheetResult {
        guard !reviewer.trimmingSpaces.isEmpty else { throw Failure.emptyReviewer }
        var result = SheetResult()
        result.failures = sheet.failures
        try store.db.transaction {
            let current = try store.db.prepare(
                "SELECT review_state, COALESCE(review_note, '') FROM findings WHERE code = ? AND subject = ?", persistent: false)
            let update = try store.db.prepare(
                "UPDATE findings SET review_state = ?, review_note = ? WHERE code = ? AND subject = ?", persistent: false)
            for row in sheet.rows {
                func fail(_ reason: String) {
                    result.failures.append(ReviewSheet.Failure(line: row.line, code: row.code, subject: row.subject, reason: reason))
                }
                guard let now = try current.query([.text(row.code), .text(row.subject)]).first,
                      case .text(let nowState) = now[0], case .text(let nowNote) = now[1] else {
                    fail(Failure.noSuchFinding(code: row.code, subject: row.subject).description)
                    continue
                }
                if State.isUndecided(row.state) {
                    if row.note.isEmpty || row.note == nowNote {
                        result.unchanged += 1
                    } else {
                        fail("review_note was written but review_state is still '\(row.state.isEmpty ? "new" : row.state)': set confirmed, dismissed or escalated")
                    }
                    continue
                }
                guard let state = State(written: row.state) else {
                    fail("review_state '\(row.state)' is not confirmed, dismissed or escalated (已确认, 已排除, 已上报)")
                    continue
                }
                if state.rawValue == nowState && row.note == nowNote {
                    result.unchanged += 1
                    continue
                }
                try update.run([.text(state.rawValue), .text(row.note), .text(row.code), .text(row.subject)])
                try ReviewTrail.append(store.db, code: row.code, subject: row.subject, state: state.rawValue,
                                       reviewer: reviewer, note: row.note, at: at)
                result.applied.append(row)
            }
        }
        result.failures.sort { $0.line < $1.line }
        return result
    }
}
