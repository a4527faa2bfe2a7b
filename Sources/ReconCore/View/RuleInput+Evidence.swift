/// Building findings and their evidence from the rules' input: the subject forms and columns of
/// RULES.md and STORE.md, and JSON a reviewer reads.
extension RuleInput {
    /// A payment as evidence: where it came from and what it says.
    func paymentEvidence(_ i: Int) -> JSONValue {
        let p = view.payments[i]
        let text = paymentTexts[i]
        var o: [String: JSONValue] = [
            "channel": .string(p.channel.rawValue), "txn_ref": .string(ref(i)), "id_number": .string(idText(i)),
            "id_valid": .bool(p.idValid), "insurance": .string(p.insurance.rawValue), "year": .int(p.year),
            "amount": .yuan(p.amountFen), "paid_at": .string(p.paidAt.description),
            "source": .string(source(p.fileID, p.line)), "effective": .bool(p.isEffective),
        ]
        if p.reversedFen != 0 {
            o["reversed"] = .yuan(p.reversedFen)
            o["reversals"] = .array(view.reversals(of: i).map { r in
                ["reversal_ref": .string(r.ref), "amount": .yuan(r.amountFen), "at": .string(r.paidAt.description)]
            })
        }
        if let n = text.name { o["name"] = .string(n) }
        if let k = payerKey(i) { o["payer_key"] = .string(k) }
        return .object(o)
    }

    /// A roster row as evidence.
    func rosterEvidence(_ r: RosterEntry) -> JSONValue {
        [
            "id_number": .string(r.idText), "name": .string(r.name), "insurance": .string(r.insurance.rawValue),
            "household": .string(r.household), "town_code": .string(r.townCode), "village_code": .string(r.villageCode),
            "village_name": .string(r.villageName), "status": .string(r.status.rawValue), "student": .bool(r.student),
        ]
    }

    /// A ledger row as evidence.
    func ledgerEvidence(_ i: Int) -> JSONValue {
        let l = view.ledger[i]
        return [
            "ticket": .string(ticket(i)), "channel": .string(l.channel.rawValue), "channel_ref": .string(ledgerRef(i)),
            "id_number": .string(ledgerIDText(i)), "insurance": .string(l.insurance.rawValue), "year": .int(l.year),
            "amount": .yuan(l.amountFen), "paid_at": .string(l.paidAt.description), "town_code": .string(ledgerTown(i)),
            "source": .string(source(l.fileID, l.line)),
        ]
    }

    /// The ID facts of a payment as evidence.
    func factsEvidence(_ i: Int) -> JSONValue {
        let f = view.facts[i]
        var o: [String: JSONValue] = ["age": .int(f.age)]
        if let pol = policy(of: view.payments[i]) {
            o["age_reference_day"] = .string(pol.ageReferenceDay.description)
            let rows = assistanceRows(view.payments[i].idBody, year: pol.year)
            if !rows.isEmpty {
                o["assistance"] = .array(rows.map {
                    ["category": .string($0.category), "insurance": .string($0.insurance.rawValue),
                     "from": .string($0.recognisedOn.description), "until": $0.endsOn.map { .string($0.description) } ?? .null]
                })
            }
        }
        if f.medicalFull { o["medical"] = "fully paid by the government" }
        else if f.medicalHalf { o["medical"] = "half paid by the government" }
        if f.pensionGovernment { o["pension"] = "paid by the government (severe disability)" }
        return .object(o)
    }

    /// A finding about one payment (`txn:{channel}:{txn_ref}`); `detail` gets the payment as `payment`.
    func txnFinding(_ code: FindingCode, _ i: Int, amountFen: Int64? = nil,
                           _ detail: [String: JSONValue] = [:]) -> Finding {
        let p = view.payments[i]
        var d = detail
        d["rule"] = d["rule"] ?? .string(code.rawValue)
        d["payment"] = paymentEvidence(i)
        let r = rosterEntry(of: p)
        let ref = ref(i)
        return Finding(code: code, subject: Finding.txnSubject(p.channel, ref), year: p.year, idNumber: idText(i),
                       insurance: p.insurance, channel: p.channel, txnRef: ref, townCode: r?.townCode,
                       villageCode: r?.villageCode, amountFen: amountFen ?? p.amountFen, detail: .object(d))
    }

    /// A finding about one person's insurance year (`person:{id18}:{insurance}:{year}`).
    func personFinding(_ code: FindingCode, body: UInt64, insurance: Insurance, year: Int, amountFen: Int64?,
                              _ detail: [String: JSONValue]) -> Finding {
        let id = IDNumber(body: body).text
        let r = rosterEntry(body, insurance)
        var d = detail
        if let r { d["enrollment"] = rosterEvidence(r) }
        return Finding(code: code, subject: Finding.personSubject(id, insurance, year), year: year, idNumber: id,
                       insurance: insurance, townCode: r?.townCode, villageCode: r?.villageCode, amountFen: amountFen,
                       detail: .object(d))
    }
}
