#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// The loaded view kept in a file beside the database (`<database>.view`, owner-only), so a run on a
/// filled database reads it instead of the tables: the records, ledger and roster parts of the view
/// and of the rules' texts, and what the view resolved for its payments (`ResolvedPart`), so that a
/// run reading it matches only the rows added since.
///
/// Never trusted blindly. It serves a run only when its format and this build's memory layout match,
/// every section's checksum holds, and its `ViewStamp` says it was made from this database with
/// nothing changed in place since; the rows added after it (records with higher ids, ledger rows of
/// newer files) are then read from the tables, and the roster too when a newer roster replaced it.
/// Otherwise the view loads from the tables as if there were none, and the run writes a fresh one.
public enum ViewSnapshot {
    /// The snapshot file of a database; nil for a database in memory.
    public static func path(forDatabase db: String) -> String? {
        db.isEmpty || db == ":memory:" || db.hasPrefix("file:") ? nil : db + ".view"
    }

    /// What a snapshot gave a view.
    struct Restored {
        /// The state the snapshot was made at.
        var stamp: ViewStamp
        /// Whether the roster came with it (false: another roster replaced it since).
        var roster: Bool
        /// What the view had resolved (nil: it is resolved again whole — another roster, other policies).
        var resolved: ResolvedPart? = nil
        /// Seconds the records, the ledger and the roster took to read, side by side (none: a kept view).
        var seconds: [Double] = []
    }

    /// "RCNVIEW1" as the file's first eight bytes (and its last eight).
    private static let magic: UInt64 = 0x3157_4549_564E_4352
    private static let version: UInt32 = 2

    /// This build's layout of the values written as they lie in memory, and the order of the
    /// enumerations stored inside them: a snapshot of another layout is of another format.
    static let layout: UInt64 = {
        var sum = SnapshotChecksum()
        var text = ""
        func describe<T>(_ t: T.Type) {
            text += "\(T.self):\(MemoryLayout<T>.size)/\(MemoryLayout<T>.stride)/\(MemoryLayout<T>.alignment);"
        }
        describe(ViewPayment.self)
        describe(LedgerEntry.self)
        describe(IDFacts.self)
        describe(TextRef.self)
        describe(LocalDateTime.self)
        text += Channel.allCases.map(\.rawValue).joined(separator: ",") + ";"
        text += Insurance.allCases.map(\.rawValue).joined(separator: ",")
        text.withUTF8 { sum.add(UnsafeRawBufferPointer($0)) }
        return sum.value
    }()

    // MARK: Writing

    /// Writes the view's loaded parts and the texts' beside them, at `stamp`: into a temporary file
    /// in the same folder, then renamed over the old snapshot, so a reader sees the old file or the
    /// new one, never half of one. With `releasing`, the texts are let go part by part as they are
    /// written (nothing reads them after the rules): the run's peak does not carry them through the
    /// summaries. (A view kept for the next run keeps them.)
    static func write(_ v: JoinedView, _ texts: RuleTexts, stamp: ViewStamp, to path: String,
                      releasing: Bool = true) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SnapshotError.system("cannot create \(temporary)", errno) }
        var closed = false
        defer { if !closed { close(fd); unlink(temporary) } }
        // An old temporary file may have been made with other modes.
        guard fchmod(fd, 0o600) == 0 else { throw SnapshotError.system("chmod \(temporary)", errno) }
        var w = SnapshotWriter(fd: fd)
        var sections: [Int] = []
        sections.append(w.offset)
        w.put(magic)
        w.put(version)
        w.put(layout)
        stamp.write(to: &w)
        w.endSection()
        sections.append(w.offset)
        writeRecords(v, texts, releasing, &w)
        w.endSection()
        sections.append(w.offset)
        writeLedger(v, texts, releasing, &w)
        w.endSection()
        sections.append(w.offset)
        writeRoster(v, &w)
        w.endSection()
        sections.append(w.offset)
        ResolvedPart.write(v, to: &w)
        w.endSection()
        w.putTrailer(sections: sections, magic: magic)
        try w.finish()
        closed = true
        guard close(fd) == 0 else {
            unlink(temporary)
            throw SnapshotError.system("close \(temporary)", errno)
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw SnapshotError.system("rename \(temporary)", errno)
        }
    }

    private static func writeRecords(_ v: JoinedView, _ t: RuleTexts, _ releasing: Bool, _ w: inout SnapshotWriter) {
        w.put(plain: v.payments)
        let rs = v.reversals
        w.put(plain: rs.map(\.recordID))
        w.put(plain: rs.map { UInt8(JoinedView.channelIndex($0.channel)) })
        w.put(texts: rs.map(\.ref))
        w.put(texts: rs.map(\.originalRef))
        w.put(plain: rs.map(\.idBody))
        w.put(texts: rs.map(\.rawID))
        w.put(plain: rs.map { $0.insurance == .medical })
        w.put(plain: rs.map { Int64($0.year) })
        w.put(plain: rs.map(\.amountFen))
        w.put(plain: rs.map(\.paidAt))
        w.put(plain: rs.map(\.fileID))
        w.put(plain: rs.map { Int64($0.line) })
        v.recordAgents.write(to: &w)
        t.paymentRefs.write(to: &w)
        t.payers.write(to: &w)
        t.paymentTexts.write(to: &w)
        let ss = t.sightings
        if releasing {
            t.paymentRefs = RefMap()
            t.payers = RefMap()
            t.paymentTexts = PaymentTexts()
            t.sightings = []
        }
        w.put(plain: ss.map(\.recordID))
        w.put(plain: ss.map { UInt8(JoinedView.channelIndex($0.channel)) })
        w.put(plain: ss.map(\.isReversal))
        w.put(texts: ss.map(\.ref))
        w.put(plain: ss.map(\.amountFen))
        w.put(texts: ss.map(\.idText))
        w.put(plain: ss.map(\.idValid))
        w.put(plain: ss.map { $0.insurance == .medical })
        w.put(plain: ss.map(\.paidAt))
        w.put(plain: ss.map(\.fileID))
        w.put(plain: ss.map { Int64($0.line) })
    }

    private static func writeLedger(_ v: JoinedView, _ t: RuleTexts, _ releasing: Bool, _ w: inout SnapshotWriter) {
        w.put(plain: v.ledger)
        w.put(plain: v.ledgerNext)
        let fs = v.ledgerRefunds
        w.put(plain: fs.map { UInt8(JoinedView.channelIndex($0.channel)) })
        w.put(texts: fs.map(\.channelRef))
        w.put(plain: fs.map(\.paidAt))
        w.put(plain: fs.map(\.amountFen))
        t.ledgerRefs.write(to: &w)
        t.tickets.write(to: &w)
        let raw = t.ledgerRawIDs.sorted { $0.key < $1.key }
        w.put(plain: raw.map(\.key))
        w.put(texts: raw.map(\.value))
        if releasing { t.clear() }
    }

    private static func writeRoster(_ v: JoinedView, _ w: inout SnapshotWriter) {
        let rs = v.roster
        w.put(plain: rs.map(\.idBody))
        w.put(plain: rs.map { $0.insurance == .medical })
        w.put(texts: rs.map(\.name))
        w.put(texts: rs.map(\.household))
        w.put(texts: rs.map(\.townCode))
        w.put(texts: rs.map(\.villageCode))
        w.put(texts: rs.map(\.villageName))
        w.put(plain: rs.map { statusCode($0.status) })
        w.put(plain: rs.map(\.student))
        w.put(plain: rs.map { Int64($0.line) })
    }

    // MARK: Reading

    /// Fills an empty view and texts from the snapshot at `path` when it serves the database at `now`.
    /// Throws (and leaves the view to be loaded from the tables) when it does not.
    static func restore(into v: JoinedView, _ texts: RuleTexts, from path: String, now: ViewStamp) throws -> Restored {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw SnapshotError.missing }
            throw SnapshotError.system("cannot open \(path)", errno)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SnapshotError.system("stat \(path)", errno) }
        let bounds = try SnapshotReader.trailer(fd: fd, size: Int(st.st_size), magic: magic)
        guard bounds.count == 6 else { throw SnapshotError.otherFormat }
        @Sendable func section(_ k: Int) -> SnapshotReader { SnapshotReader(fd: fd, offset: bounds[k], count: bounds[k + 1] - bounds[k]) }
        @Sendable func finish(_ r: inout SnapshotReader, _ name: String) throws {
            try r.endSection(name)
            guard r.atEnd else { throw SnapshotError.damaged("bytes after the \(name) section") }
        }
        var header = section(0)
        guard try header.get(UInt64.self) == magic, try header.get(UInt32.self) == version,
              try header.get(UInt64.self) == layout
        else { throw SnapshotError.otherFormat }
        let stamp = try ViewStamp(from: &header)
        try finish(&header, "stamp")
        if let why = stamp.staleness(against: now) { throw SnapshotError.stale(why) }
        let roster = stamp.rosterFile == now.rosterFile
        // The records, the ledger and the roster side by side: they fill disjoint parts.
        let outcomes = Slots<Result<Double, Error>>(count: 3)
        DispatchQueue.concurrentPerform(iterations: 3) { k in
            let start = DispatchTime.now().uptimeNanoseconds
            outcomes.put(k, Result {
                var r = section(k + 1)
                switch k {
                case 0:
                    try readRecords(into: v, texts, &r)
                    try finish(&r, "records")
                case 1:
                    try readLedger(into: v, texts, &r)
                    try finish(&r, "ledger")
                default:
                    guard roster else { break }
                    try readRoster(into: v, &r)
                    try finish(&r, "roster")
                }
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            })
        }
        let seconds = try outcomes.drain().map { try $0!.get() }
        var last = section(4)
        let resolved = try ResolvedPart.read(&last, for: v, payments: v.payments.count, ledger: v.ledger.count)
        try finish(&last, "resolved")
        return Restored(stamp: stamp, roster: roster, resolved: roster ? resolved : nil, seconds: seconds)
    }

    private static func channel(_ i: UInt8) throws -> Channel {
        guard Int(i) < JoinedView.channels.count else { throw SnapshotError.damaged("a channel") }
        return JoinedView.channels[Int(i)]
    }

    private static func same(_ counts: Int..., part: String) throws {
        guard counts.allSatisfy({ $0 == counts[0] }) else { throw SnapshotError.damaged(part) }
    }

    private static func readRecords(into v: JoinedView, _ t: RuleTexts, _ r: inout SnapshotReader) throws {
        // Written after the run resolved them: `JoinedView.resolve` keeps what they hold of it
        // (`ResolvedPart`) or starts it over.
        let payments = try r.get(plain: ViewPayment.self)
        let ids = try r.get(plain: Int64.self), chans = try r.get(plain: UInt8.self)
        let refs: [String] = try r.getTexts(), originals: [String?] = try r.getTexts()
        let bodies = try r.get(plain: UInt64.self), rawIDs: [String?] = try r.getTexts()
        let medical = try r.get(plain: Bool.self), years = try r.get(plain: Int64.self)
        let amounts = try r.get(plain: Int64.self), paidAt = try r.get(plain: LocalDateTime.self)
        let files = try r.get(plain: Int64.self), lines = try r.get(plain: Int64.self)
        try same(ids.count, chans.count, refs.count, originals.count, bodies.count, rawIDs.count, medical.count,
                 years.count, amounts.count, paidAt.count, files.count, lines.count, part: "the reversals")
        var reversals: [ViewReversal] = []
        reversals.reserveCapacity(ids.count)
        for i in ids.indices {
            let ch = try channel(chans[i])
            v.reversalByRef[Int(chans[i])][refs[i]] = Int32(reversals.count)
            reversals.append(ViewReversal(
                recordID: ids[i], channel: ch, ref: refs[i], originalRef: originals[i], idBody: bodies[i], rawID: rawIDs[i],
                insurance: medical[i] ? .medical : .pension, year: Int(years[i]), amountFen: amounts[i],
                paidAt: paidAt[i], fileID: files[i], line: Int(lines[i])))
        }
        let agents = try RecordAgents(from: &r)
        let paymentRefs = try RefMap(from: &r), payers = try RefMap(from: &r)
        let paymentTexts = try PaymentTexts(from: &r)
        try same(payments.count, paymentRefs.count, paymentTexts.count, part: "the payments")
        guard payments.allSatisfy({ $0.payer < payers.count }) else { throw SnapshotError.damaged("the payers") }
        let sIDs = try r.get(plain: Int64.self), sChans = try r.get(plain: UInt8.self)
        let sReversal = try r.get(plain: Bool.self), sRefs: [String] = try r.getTexts()
        let sAmounts = try r.get(plain: Int64.self), sIDTexts: [String] = try r.getTexts()
        let sValid = try r.get(plain: Bool.self), sMedical = try r.get(plain: Bool.self)
        let sPaidAt = try r.get(plain: LocalDateTime.self), sFiles = try r.get(plain: Int64.self)
        let sLines = try r.get(plain: Int64.self)
        try same(sIDs.count, sChans.count, sReversal.count, sRefs.count, sAmounts.count, sIDTexts.count, sValid.count,
                 sMedical.count, sPaidAt.count, sFiles.count, sLines.count, part: "the sightings")
        var sightings: [ViewSighting] = []
        sightings.reserveCapacity(sIDs.count)
        for i in sIDs.indices {
            sightings.append(ViewSighting(
                recordID: sIDs[i], channel: try channel(sChans[i]), isReversal: sReversal[i], ref: sRefs[i],
                amountFen: sAmounts[i], idText: sIDTexts[i], idValid: sValid[i], insurance: sMedical[i] ? .medical : .pension,
                paidAt: sPaidAt[i], fileID: sFiles[i], line: Int(sLines[i])))
        }
        v.payments = payments
        v.reversals = reversals
        v.recordAgents = agents
        t.paymentRefs = paymentRefs
        t.payers = payers
        t.paymentTexts = paymentTexts
        t.sightings = sightings
    }

    private static func readLedger(into v: JoinedView, _ t: RuleTexts, _ r: inout SnapshotReader) throws {
        let ledger = try r.get(plain: LedgerEntry.self), next = try r.get(plain: Int32.self)
        let chans = try r.get(plain: UInt8.self), refs: [String] = try r.getTexts()
        let paidAt = try r.get(plain: LocalDateTime.self), amounts = try r.get(plain: Int64.self)
        try same(chans.count, refs.count, paidAt.count, amounts.count, part: "the ledger's refunds")
        var refunds: [LedgerRefund] = []
        refunds.reserveCapacity(chans.count)
        for i in chans.indices {
            refunds.append(LedgerRefund(channel: try channel(chans[i]), channelRef: refs[i], paidAt: paidAt[i],
                                        amountFen: amounts[i]))
        }
        let ledgerRefs = try RefMap(from: &r), tickets = try TextArena(from: &r)
        let rawKeys = try r.get(plain: Int32.self), rawValues: [String] = try r.getTexts()
        try same(ledger.count, next.count, part: "the ledger")
        try same(rawKeys.count, rawValues.count, part: "the ledger's raw IDs")
        guard next.allSatisfy({ $0 < ledger.count }),
              ledger.allSatisfy({ $0.refEntry >= 0 && Int($0.refEntry) < ledgerRefs.count
                                  && Int($0.ticketText.offset + $0.ticketText.length) <= tickets.bytes.count
                                  && Int($0.townText.offset + $0.townText.length) <= tickets.bytes.count })
        else { throw SnapshotError.damaged("the ledger") }
        v.ledger = ledger
        v.ledgerNext = next
        v.ledgerRefunds = refunds
        t.ledgerRefs = ledgerRefs
        t.tickets = tickets
        t.ledgerRawIDs = Dictionary(uniqueKeysWithValues: zip(rawKeys, rawValues))
    }

    private static func readRoster(into v: JoinedView, _ r: inout SnapshotReader) throws {
        let bodies = try r.get(plain: UInt64.self), medical = try r.get(plain: Bool.self)
        let names: [String] = try r.getTexts(), households: [String] = try r.getTexts()
        let towns: [String] = try r.getTexts(), villages: [String] = try r.getTexts()
        let villageNames: [String] = try r.getTexts()
        let status = try r.get(plain: UInt8.self), student = try r.get(plain: Bool.self)
        let lines = try r.get(plain: Int64.self)
        try same(bodies.count, medical.count, names.count, households.count, towns.count, villages.count,
                 villageNames.count, status.count, student.count, lines.count, part: "the roster")
        var roster: [RosterEntry] = []
        roster.reserveCapacity(bodies.count)
        for i in bodies.indices {
            guard let s = statusOf(status[i]) else { throw SnapshotError.damaged("a roster status") }
            roster.append(RosterEntry(
                idBody: bodies[i], insurance: medical[i] ? .medical : .pension, name: names[i], household: households[i],
                townCode: towns[i], villageCode: villages[i], villageName: villageNames[i], status: s, student: student[i],
                line: Int(lines[i])))
        }
        // The maps are made again, as the loader makes them: 2 × 12 MB less to write and read.
        var byKey = IDMap(capacity: roster.count), byID = IDMap(capacity: roster.count)
        for (i, e) in roster.enumerated() {
            byKey.insertIfAbsent(JoinedView.key(e.idBody, e.insurance), Int32(i))
            byID.insertIfAbsent(e.idBody, Int32(i))
        }
        v.rosterByKey = byKey
        v.rosterByID = byID
        v.roster = roster
    }

    private static func statusCode(_ s: EnrollmentRow.Status) -> UInt8 {
        switch s {
        case .normal: 0
        case .suspended: 1
        case .terminated: 2
        }
    }

    private static func statusOf(_ code: UInt8) -> EnrollmentRow.Status? {
        switch code {
        case 0: .normal
        case 1: .suspended
        case 2: .terminated
        default: nil
        }
    }
}
