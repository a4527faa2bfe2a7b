/// What only the rules read besides the joined view: the payments' references, payer keys, names and
/// raw IDs, the repeated sightings, and the ledger rows' references, tickets, towns and raw IDs: tens
/// of megabytes at county scale, which a run's peak would carry through the summaries if they lived
/// as long as the view.
///
/// Loaded with the view (`RuleInput.load`) and held only by the rules' input: when that goes out of
/// scope, these go with it. The report summaries, built after the rules, get the `JoinedView`, which
/// has none of them, so the run's peak is the view plus the summaries, not plus these.
///
/// `@unchecked Sendable`: like the view's, its parts are filled once, by the loaders that fill the
/// view (the payments' by `loadRecords`, the ledger's by `loadLedger`), and only read after that.
final class RuleTexts: @unchecked Sendable {
    /// (channel, txn_ref) of every payment: entry k is payment k.
    var paymentRefs = RefMap()
    /// (channel, payer key) → payer account (`ViewPayment.payer`).
    var payers = RefMap()
    /// The payments' raw IDs and names, at the payment's index.
    var paymentTexts = PaymentTexts()
    /// Non-primary records: repeated sightings of an identity.
    var sightings: [ViewSighting] = []
    /// (channel, 渠道流水号) → first ledger row (`JoinedView.ledgerNext` chains the others).
    var ledgerRefs = RefMap()
    /// The ledger rows' 电子税票号码 and 乡镇代码 (`LedgerEntry.ticketText`, `.townText`).
    var tickets = TextArena()
    /// Raw IDs of ledger rows with an invalid ID.
    var ledgerRawIDs: [Int32: String] = [:]

    /// Lets go of everything (a view snapshot that failed half-way read into it).
    func clear() {
        paymentRefs = RefMap()
        payers = RefMap()
        paymentTexts = PaymentTexts()
        sightings = []
        ledgerRefs = RefMap()
        tickets = TextArena()
        ledgerRawIDs = [:]
    }

    /// Takes over everything `other` holds (moved: `other` is left empty).
    func take(from other: RuleTexts) {
        swap(&paymentRefs, &other.paymentRefs)
        swap(&payers, &other.payers)
        swap(&paymentTexts, &other.paymentTexts)
        swap(&sightings, &other.sightings)
        swap(&ledgerRefs, &other.ledgerRefs)
        swap(&tickets, &other.tickets)
        swap(&ledgerRawIDs, &other.ledgerRawIDs)
    }

    /// The primary payment of an identity, any (effective or not).
    func paymentIndex(_ channel: Channel, _ ref: String) -> Int? {
        paymentRefs.find(UInt8(JoinedView.channelIndex(channel)), ref)
    }
}
