import Foundation
import SQLiteStore
import XCTest

@testable import ReconCore
import ReconTestSupport

/// The view and the rules' texts apart: the rules' input reads the texts the stored tables hold, and
/// they go with it, while the view (all the summaries get) lives on.
final class RuleInputTests: XCTestCase {
    typealias W = RulesWorld
    let adult = W.id("19830505", 11)
    let adult2 = W.id("19850607", 12)

    /// Every kind of rule text: names and payer accounts (bank), a payment and a ledger row with an
    /// invalid ID, a repeated sighting, ledger rows with tickets and towns.
    func world() throws -> RulesWorld {
        let w = try RulesWorld()
        let bad = String(adult.dropLast()) + (adult.hasSuffix("1") ? "2" : "1")
        w.enrolBoth(adult, "甲")
        w.enrolBoth(adult2, "乙")
        w.bank("B1", adult, "甲", .pension, "500.00", account: "6228480000000000009")
        w.bank("B2", adult2, "乙", .pension, "500.00", account: "6228480000000000009")
        w.wechat("M1", adult2, .medical, "380.00", at: "2023-11-20 10:00:00", openid: "oP2")
        w.wechat("M1", adult2, .medical, "350.00", at: "2023-11-20 10:00:00", openid: "oP2", inLedger: false, file: "20231121")
        w.wechat("SW1", bad, .medical, "380.00", at: "2023-11-21 10:00:00")
        w.ledger(.wechat, "L9", bad, .pension, "500.00", at: "2023-11-22 10:00:00")
        try w.reconcile()
        return w
    }

    func testTheRulesInputReadsTheTextsTheStoreHolds() throws {
        let w = try world()
        let input = try RuleInput.load(store: w.store)
        XCTAssertEqual(input.payments.count, input.view.payments.count, "the view's properties read through the input")
        XCTAssertEqual(input.payments.count, 4)

        var payments: [[SQLValue]] = []
        for i in input.payments.indices {
            let p = input.payments[i]
            payments.append([.text(p.channel.rawValue), .text(input.ref(i)), .text(input.idText(i)),
                             input.payerKey(i).map { .text($0) } ?? .null, input.paymentTexts[i].name.map { .text($0) } ?? .null])
            XCTAssertEqual(input.paymentIndex(p.channel, input.ref(i)), i)
        }
        XCTAssertEqual(payments.sorted { "\($0)" < "\($1)" }, try w.inbox.query("""
            SELECT channel, txn_ref, id_number, payer_key, name FROM payments_v1 WHERE kind = 'payment'
            """).sorted { "\($0)" < "\($1)" })
        XCTAssertEqual(input.payerCount, 3, "one bank account for two payments, two wechat openids")
        XCTAssertEqual(input.sightings.map { "\($0.ref) \($0.amountFen)" }, ["M1 35000"])

        var ledger: [[SQLValue]] = []
        for j in input.ledger.indices {
            ledger.append([.text(input.ticket(j)), .text(input.ledgerRef(j)), .text(input.ledgerTown(j)),
                           .text(input.ledgerIDText(j)), input.ledgerRawID(j).map { .text($0) } ?? .null])
        }
        XCTAssertEqual(ledger.sorted { "\($0)" < "\($1)" }, try w.inbox.query("""
            SELECT ticket, channel_ref, town_code, id_number, CASE id_valid WHEN 0 THEN id_number END FROM ledger
            WHERE pay_type = 'personal'
            """).sorted { "\($0)" < "\($1)" })
        XCTAssertEqual(ledger.count, 5)
    }

    /// The texts are the input's alone: once it is gone (after the rules have run over it), so are
    /// they, and the view stays whole.
    func testTheTextsGoWithTheRulesInput() throws {
        let w = try world()
        weak var texts: RuleTexts?
        var view: JoinedView?
        do {
            let input = try RuleInput.load(store: w.store)
            texts = input.texts
            let found = try FindingSpill(directory: w.inbox.root)
            Reconciler.findings(input, into: found)
            XCTAssertGreaterThan(found.count, 0)
            view = input.view
            XCTAssertNotNil(texts)
        }
        XCTAssertNil(texts, "the rules' texts outlived their input")
        XCTAssertEqual(view?.payments.count, 4)
    }
}
