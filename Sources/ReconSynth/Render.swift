import ReconCore

extension World {
    static let wechatHeader = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
    static let wechatSummaryHeader = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
    static let alipayHeader = "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注"
    static let ledgerHeader = "电子税票号码,证件号码,姓名,征收品目,所属年度,缴费类型,金额,缴费渠道,渠道流水号,缴款时间,入库日期,乡镇代码,原电子税票号码"
    static let enrollmentHeader = "证件号码,姓名,性别,出生日期,户号,乡镇代码,村居代码,村居名称,险种,参保状态,户籍类型,在校学生,缴费档次,登记日期"
    static let deathsHeader = "证件号码,姓名,死亡日期,信息来源,通报日期"
    static let assistanceHeader = "证件号码,姓名,资助类别,险种,认定部门,认定日期,截止日期"
    static let employeeHeader = "证件号码,姓名,险种,单位名称,参保起始日期,参保终止日期"
    static let disbursementHeader = "乡镇代码,险种,补助类别,人数,金额"
    static let unionpayWidths = [3, 11, 11, 6, 10, 19, 12, 4, 2, 21, 2, 32, 2, 6, 10, 13, 13, 4, 15, 2, 2, 6, 2, 4, 32, 1, 21, 15, 1, 15, 32, 13, 13, 8, 32, 13, 13, 12, 2, 1, 32, 98]

    static let categoryChinese: [String: String] = [
        "contribution_subsidy": "缴费补贴", "disabled_paid": "重残代缴", "fiscal_subsidy": "财政补助",
        "full_paid": "全额代缴", "half_paid": "半额代缴",
    ]

    func goods(_ ins: Insurance, _ year: Int) -> String { "\(year)年度\(ins.ledgerItem)" }

    /// The uncompressed bytes of a file (in its own encoding), damage of the content included.
    func render(_ f: FileSpec, claims: [ObjectIdentifier: [(SubsidyKey, SubsidyValue)]]) -> [UInt8] {
        switch f.kind {
        case .stmt(let ch, let m):
            switch ch {
            case .wechat: return renderWechat(f, m)
            case .alipay: return gbk.transcode(renderAlipay(f, m))
            case .unionpay: return gbk.transcode(renderUnionpay(f, m))
            case .ccbPos: return damageGBK(f, gbk.transcode(renderCCB(f, m)))
            case .bank: return damageGBK(f, gbk.transcode(renderBank(f, m)))
            default: return []
            }
        case .ledger: return renderLedger(f)
        case .enrollment(let current): return renderEnrollment(current: current, f)
        case .deaths(let k): return renderDeaths(k, f)
        case .assistance(let k): return gbk.transcode(renderAssistance(k, f))
        case .employee(let k): return renderEmployee(k, f)
        case .disbursement: return renderDisbursement(claims[ObjectIdentifier(f)] ?? [], f)
        case .junk:
            var b = Bytes()
            b.str("镇街,应缴人数,已缴人数,进度\r\n")
            for t in towns { b.str("\(t.name),\(t.medicalTarget),,\r\n") }
            return gbk.transcode(b.b)
        }
    }

    private func damageGBK(_ f: FileSpec, _ bytes: [UInt8]) -> [UInt8] {
        guard f.damage == "bad_gbk" else { return bytes }
        var out = bytes
        // the first non-ASCII byte after the first line: an invalid lead byte
        var line = 0
        for i in out.indices {
            if out[i] == 0x0A { line += 1; continue }
            if line >= 1 && out[i] >= 0x81 { out[i] = 0xFF; break }
        }
        return out
    }

    // MARK: wechat

    private func renderWechat(_ f: FileSpec, _ m: Int) -> [UInt8] {
        var b = Bytes(capacity: 400 * f.stmtRows.count + 1000)
        b.raw([0xEF, 0xBB, 0xBF])
        b.str(World.wechatHeader); b.crlf()
        var n = 0, settle: Int64 = 0, refund: Int64 = 0, fee: Int64 = 0, order: Int64 = 0, applied: Int64 = 0
        for (line, row) in f.stmtRows.enumerated() {
            let r = stmtRecord(row)
            let p = pays[Int(row.pay)]
            n += 1
            func v(_ s: String) { b.byte(0x60); b.str(s); b.byte(0x2C) }
            b.byte(0x60); b.dateTime(LocalDateTime(seconds: r.time)); b.byte(0x2C)
            v(Merchants.wechatAppID[m]); v(Merchants.wechat[m]); v("0"); v("")
            v("42000019" + pad(Int(p.extra), 20))
            v(r.orig)
            v(r.account)
            v("JSAPI")
            v(r.reversal ? "REFUND" : "SUCCESS")
            v(Tables.wxBanks[Int(p.extra % UInt64(Tables.wxBanks.count))])
            v("CNY")
            let broken = f.damage == "broken_line" && line == f.stmtRows.count / 2
            let rowFee = r.amount * 6
            if r.reversal {
                b.str("`0.00,`0.00,`"); b.str("503" + pad(Int(p.extra), 25)); b.str(",`"); b.str(r.ref); b.str(",`")
                b.yuan(r.amount); b.str(",`0.00,`ORIGINAL,`SUCCESS,`")
                refund += r.amount; fee -= rowFee; order += r.amount; applied += r.amount
            } else {
                b.byte(0x60); b.yuan(r.amount)
                b.str(",`0.00,`,`,`0.00,`0.00,`,`,`")
                settle += r.amount; fee += rowFee; order += r.amount
            }
            b.str(goods(r.ins, r.year)); b.str(",`"); b.str(r.idText); b.str(",`")
            b.yuan5(r.reversal ? -rowFee : rowFee); b.str(",`0.60%,`")
            if broken && !r.reversal { b.str("38O.00") } else { b.yuan(r.amount) }
            b.str(",`")
            b.yuan(r.reversal ? r.amount : 0); b.str(",`"); b.crlf()
        }
        if f.damage == "missing_footer" { return b.b }
        if f.damage == "wrong_totals" { settle += 100 }
        b.str(World.wechatSummaryHeader); b.crlf()
        b.str("`\(n),`"); b.yuan(settle); b.str(",`"); b.yuan(refund); b.str(",`0.00,`"); b.yuan5(fee)
        b.str(",`"); b.yuan(order); b.str(",`"); b.yuan(applied); b.crlf()
        return b.b
    }

    // MARK: alipay

    private func cnDate(_ d: LocalDate) -> String {
        "\(d.year)年\(pad(d.month, 2))月\(pad(d.day, 2))日"
    }

    private func renderAlipay(_ f: FileSpec, _ m: Int) -> [UInt8] {
        var b = Bytes(capacity: 350 * f.stmtRows.count + 1000)
        let d = f.date
        b.str("#支付宝业务明细查询"); b.crlf()
        b.str("#账号：[\(Merchants.alipay[m])]"); b.crlf()
        b.str("#起始日期：[\(cnDate(d)) 00:00:00]   终止日期：[\(cnDate(d.adding(days: 1))) 00:00:00]"); b.crlf()
        b.str("#-----------------------------------------业务明细列表----------------------------------------"); b.crlf()
        b.str(World.alipayHeader); b.crlf()
        var n = 0, x: Int64 = 0, mm = 0, y: Int64 = 0
        for (line, row) in f.stmtRows.enumerated() {
            let r = stmtRecord(row)
            let p = pays[Int(row.pay)]
            let tradeNo = LocalDateTime(seconds: p.time).date
            var tb = Bytes(); tb.date8(tradeNo)
            b.str(String(decoding: tb.b, as: UTF8.self) + "22" + pad(Int(p.extra), 16)); b.str("\t,")
            b.str(r.orig); b.str("\t,")
            b.str(r.reversal ? "退款" : "交易"); b.str("\t,")
            b.str(goods(r.ins, r.year)); b.str("\t,")
            b.dateTime(LocalDateTime(seconds: r.origTime)); b.byte(0x2C)
            b.dateTime(LocalDateTime(seconds: r.time)); b.str(",,,,,")
            b.str(r.account); b.str("\t,")
            let fee = (r.amount * 6 + 500) / 1000
            let broken = f.damage == "broken_line" && line == f.stmtRows.count / 2
            if r.reversal {
                b.yuan(-r.amount); b.byte(0x2C); b.yuan(-r.amount)
                mm += 1; y -= r.amount
            } else {
                if broken { b.str("38O.00") } else { b.yuan(r.amount) }
                b.byte(0x2C); b.yuan(r.amount)
                n += 1; x += r.amount
            }
            b.str(",0.00,0.00,0.00,0.00,0.00,,0.00,0.00,")
            if r.reversal { b.str(r.ref); b.str("\t") }
            b.byte(0x2C)
            b.yuan(r.reversal ? fee : -fee); b.str(",0.00,")
            b.str(r.idText); b.str("\t"); b.crlf()
        }
        if f.damage == "missing_footer" { return b.b }
        if f.damage == "wrong_totals" { n += 1 }
        b.str("#-----------------------------------------业务明细列表结束------------------------------------"); b.crlf()
        b.str("#交易合计：\(n)笔，商家实收共"); b.yuan(x); b.str("元，商家优惠共0.00元"); b.crlf()
        b.str("#退款合计：\(mm)笔，商家实收退款共"); b.yuan(y); b.str("元，商家优惠退款共0.00元"); b.crlf()
        let exp = d.adding(days: 1)
        let s = 6 * 3600 + 20 * 60 + Int(Array(f.name.utf8).reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }) % 1800
        b.str("#导出时间：[\(cnDate(exp)) \(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2))]"); b.crlf()
        return b.b
    }

    // MARK: unionpay

    private func mmddhhmmss(_ t: Int64) -> String {
        let lt = LocalDateTime(seconds: t)
        let d = lt.date, s = lt.secondOfDay
        return pad(d.month, 2) + pad(d.day, 2) + pad(s / 3600, 2) + pad(s / 60 % 60, 2) + pad(s % 60, 2)
    }

    private func renderUnionpay(_ f: FileSpec, _ m: Int) -> [UInt8] {
        var b = Bytes(capacity: 610 * f.stmtRows.count)
        let W = World.unionpayWidths
        for row in f.stmtRows {
            let r = stmtRecord(row)
            let p = pays[Int(row.pay)]
            var k = 0
            func field(_ s: String) {
                let fs = b.b.count
                b.str(s)
                b.pad(from: fs, to: W[k])
                k += 1
                if k < W.count { b.byte(0x20) }
            }
            func gbkField(_ s: String) {
                b.str(s)
                let n = W[k] - gbk.encodedCount(s)
                if n > 0 { b.raw([UInt8](repeating: 0x20, count: n)) }
                k += 1
                b.byte(0x20)
            }
            let fee = (r.amount * 38 + 5000) / 10000
            let town = villages[Int(p.village)].town
            let qdate = LocalDateTime(seconds: p.time).date
            var qb = Bytes(); qb.date8(qdate)
            let query = String(decoding: qb.b, as: UTF8.self) + pad(Int(p.extra % 10_000_000_000_000), 13)
            var rq = Bytes(); rq.date8(LocalDateTime(seconds: r.time).date)
            let rquery = String(decoding: rq.b, as: UTF8.self) + pad(Int((p.extra + 5_000_000) % 10_000_000_000_000), 13)
            let trace = pad(Int(p.extra % 1_000_000), 6)
            let rtrace = pad(Int((p.extra + 500_000) % 1_000_000), 6)
            field(r.reversal ? "S32" : "S22"); field("00049992900"); field("48021000")
            field(r.reversal ? rtrace : trace)
            field(mmddhhmmss(r.time))
            field(r.account)
            field(pad(Int(r.amount), 12))
            field("9399"); field("08")
            field(r.reversal ? rquery : query)
            field("01")
            field(r.reversal ? r.ref : r.orig)
            field("01")
            field(r.reversal ? trace : "000000")
            field(r.reversal ? mmddhhmmss(r.origTime) : "0000000000")
            field((r.reversal ? "C" : "D") + pad(Int(fee), 12))
            field((r.reversal ? "D" : "C") + pad(Int(r.amount - fee), 12))
            field("0002"); field("")
            field(r.reversal ? (p.refundKindAlt ? "04" : "31") : "01")
            field("01"); field("000201"); field("01"); field(""); field(""); field("1")
            field(r.reversal ? query : "")
            field(Merchants.unionpay[m]); field("0")
            field("8983704481000" + pad(town + 1, 2))
            gbkField("山亭\(towns[town].name)代收点")
            field((r.reversal ? "D" : "C") + pad(Int(r.amount - fee), 12))
            field((r.reversal ? "D" : "C") + pad(Int(r.amount - fee), 12))
            field(villages[Int(p.village)].upTerminal)
            field("\(r.idText)|\(r.ins.shortCode)|\(r.year)")
            field("0000000000000"); field("0000000000000"); field("000000000000"); field("00"); field("0")
            field(r.reversal ? r.orig : "")
            field("")
            if p.brokenLine && row.kind == .payment { b.b.removeLast() }   // 606 bytes: wrong width
            b.lf()
        }
        return b.b
    }

    // MARK: ccb_pos

    private func renderCCB(_ f: FileSpec, _ m: Int) -> [UInt8] {
        var b = Bytes(capacity: 160 * f.stmtRows.count + 100)
        var total: Int64 = 0
        var body = Bytes(capacity: 160 * f.stmtRows.count)
        for row in f.stmtRows {
            let r = stmtRecord(row)
            let p = pays[Int(row.pay)]
            let term = villages[Int(p.village)].ccbTerminal
            let dayIdx = LocalDateTime(seconds: r.time).date.dayNumber - cal.windowStart
            body.str("D|\(term)|\(pad(171800 + dayIdx, 6))|\(pad(Int((p.extra &* 7 + (r.reversal ? 1 : 0)) % 1_000_000), 6))|")
            body.str(r.reversal ? r.ref : r.orig); body.byte(0x7C)
            body.date8(LocalDateTime(seconds: r.time).date); body.byte(0x7C)
            body.time6(LocalDateTime(seconds: r.time)); body.byte(0x7C)
            body.str(r.account); body.byte(0x7C)
            body.str(p.payer % 9 == 4 ? "贷记卡" : "借记卡"); body.byte(0x7C)
            body.str(r.reversal ? (p.refundKindAlt ? "退货" : "撤销") : "消费"); body.byte(0x7C)
            let fee = (r.amount * 38 + 5000) / 10000
            body.yuan(r.amount); body.byte(0x7C); body.yuan(fee); body.byte(0x7C); body.yuan(r.amount - fee); body.byte(0x7C)
            body.str("\(r.ins.shortCode)\(r.year):\(r.idText)|")
            if r.reversal { body.str(r.orig) }
            body.crlf()
            total += r.reversal ? -r.amount : r.amount
        }
        if f.damage == "wrong_totals" { total += 1000 }
        b.str("H|\(Merchants.ccb[m])|"); b.date8(f.date); b.str("|\(f.stmtRows.count)|"); b.yuan(total); b.crlf()
        b.raw(body.b)
        if f.damage != "missing_footer" { b.str("T|END"); b.crlf() }
        return b.b
    }

    // MARK: bank

    private func renderBank(_ f: FileSpec, _ m: Int) -> [UInt8] {
        var body = Bytes(capacity: 160 * f.stmtRows.count)
        var total: Int64 = 0, succ = 0, succAmt: Int64 = 0, fail = 0, failAmt: Int64 = 0
        for (i, row) in f.stmtRows.enumerated() {
            let r = stmtRecord(row)
            let p = pays[Int(row.pay)]
            body.str("\(i + 1)|"); body.str(r.idText); body.byte(0x7C); body.str(r.name); body.byte(0x7C)
            body.str(r.account); body.byte(0x7C); body.str(r.ins.chinese); body.str("|\(r.year)|")
            if r.ins == .pension { body.int(r.amount / 100) }
            body.byte(0x7C); body.yuan(r.amount); body.byte(0x7C)
            total += r.amount
            if r.failed {
                body.str("0.00|1|"); body.str(Tables.failReasons[Int(p.extra % 3)]); body.byte(0x7C)
                fail += 1; failAmt += r.amount
            } else {
                body.yuan(r.amount); body.str("|0||")
                succ += 1; succAmt += r.amount
            }
            body.str(r.ref); body.byte(0x7C)
            let v = villages[Int(p.village)]
            let inTown = v.index - towns[v.town].villages[0] + 1
            body.str(Merchants.banks[m] + pad3(towns[v.town].suffix) + pad3(inTown)); body.byte(0x7C)
            body.dateTime(LocalDateTime(seconds: r.time)); body.crlf()
        }
        if f.damage == "wrong_totals" { succAmt += 38000 }
        var b = Bytes(capacity: body.b.count + 100)
        var db = Bytes(); db.date8(f.date)
        let d8 = String(decoding: db.b, as: UTF8.self)
        b.str("\(d8)\(pad(f.batch, 2))|\(Merchants.collectorCode)|\(d8)|\(f.stmtRows.count)|"); b.yuan(total)
        b.str("|\(succ)|"); b.yuan(succAmt); b.str("|\(fail)|"); b.yuan(failAmt); b.crlf()
        b.raw(body.b)
        return b.b
    }

    // MARK: ledger

    private func renderLedger(_ f: FileSpec) -> [UInt8] {
        var b = Bytes(capacity: 190 * f.ledgerRows.count + 200)
        b.str(World.ledgerHeader); b.lf()
        for row in f.ledgerRows {
            let r = ledgerRecord(row)
            b.str(r.ticket); b.byte(0x2C); b.str(r.idText); b.byte(0x2C); b.str(r.name); b.byte(0x2C)
            b.str(r.ins.ledgerItem); b.str(",\(r.year),")
            b.str(r.type == 0 ? "个人缴费" : r.type == 1 ? "政府代缴" : "退费"); b.byte(0x2C)
            if let t = r.amountText { b.str(t) } else { b.yuan(r.amount) }
            b.byte(0x2C); b.str(r.ch.ledgerName); b.byte(0x2C); b.str(r.chRef); b.byte(0x2C)
            b.dateTime(LocalDateTime(seconds: r.time)); b.byte(0x2C); b.date(LocalDate(dayNumber: r.book)); b.byte(0x2C)
            b.str(r.town); b.byte(0x2C); b.str(r.origTicket); b.lf()
        }
        return b.b
    }

    /// Where a two-member ledger file is split (byte offset after a whole line).
    func ledgerSplit(_ bytes: [UInt8]) -> Int {
        var mid = bytes.count / 2
        while mid < bytes.count && bytes[mid - 1] != 0x0A { mid += 1 }
        return mid
    }

    // MARK: references


    private func renderEnrollment(current: Bool, _ f: FileSpec) -> [UInt8] {
        var b = Bytes(capacity: 150 * persons.count * 5 / 4)
        b.str(World.enrollmentHeader); b.lf()
        var broken: [Int: [String]] = [:]
        if current { for x in brokenRosterLines { broken[x.person, default: []].append(x.insurance) } }
        for h in households.indices {
            let hh = households[h]
            let v = villages[Int(hh.village)]
            let t = towns[v.town]
            for i in Array(Int(hh.first)..<Int(hh.first + hh.count)) + (extraMembers[h] ?? []) {
                let p = persons[i]
                func row(_ ins: String, _ st: RosterStatus, tier: Int32?) {
                    b.id(p.body, lowerX: p.idForm == 1); b.byte(0x2C); b.str(p.name); b.byte(0x2C); b.str(p.male ? "男" : "女"); b.byte(0x2C)
                    b.date(LocalDate(dayNumber: Int(p.birth))); b.byte(0x2C); b.str(hh.number); b.byte(0x2C)
                    b.str(t.code); b.byte(0x2C); b.str(v.code); b.byte(0x2C)
                    if v.quoted { b.byte(0x22); b.str(v.name); b.byte(0x22) } else { b.str(v.name) }
                    b.byte(0x2C); b.str(ins); b.byte(0x2C); b.str(st.chinese); b.byte(0x2C)
                    b.str(p.localHukou ? "本区户籍" : "居住证"); b.byte(0x2C); b.str(p.student ? "是" : "否"); b.byte(0x2C)
                    if let tier { b.int(Int(tier)) }
                    b.byte(0x2C); b.date(LocalDate(dayNumber: Int(p.reg))); b.lf()
                }
                let ms = current ? p.med.jan : p.med.sept
                let ps = current ? p.pen.jan : p.pen.sept
                if ms != .none { row("医疗", ms, tier: nil) }
                if ps != .none { row("养老", ps, tier: p.tier) }
                if let extra = broken[i] { for x in extra { row(x, .normal, tier: nil) } }
            }
        }
        return b.b
    }

    private func header(_ f: FileSpec, _ h: String) -> String {
        guard f.damage == "bad_header" else { return h }
        return h.replacingOccurrences(of: "证件号码", with: "身份证号").replacingOccurrences(of: "单位名称", with: "工作单位")
    }

    private func renderDeaths(_ k: Int, _ f: FileSpec) -> [UInt8] {
        var b = Bytes()
        b.str(header(f, World.deathsHeader)); b.lf()
        for d in deaths where d.file == k {
            b.str(d.rawID ?? idText(d.body)); b.byte(0x2C); b.str(d.name); b.byte(0x2C); b.date(LocalDate(dayNumber: Int(d.date)))
            b.byte(0x2C); b.str(d.source); b.byte(0x2C); b.date(LocalDate(dayNumber: Int(d.notice))); b.lf()
        }
        return b.b
    }

    private func renderAssistance(_ k: Int, _ f: FileSpec) -> [UInt8] {
        var b = Bytes()
        b.str(header(f, World.assistanceHeader)); b.crlf()
        for a in assists where a.file == k {
            b.str(a.rawID ?? idText(a.body)); b.byte(0x2C); b.str(a.name); b.byte(0x2C); b.str(a.category); b.byte(0x2C)
            b.str(a.ins.chinese); b.byte(0x2C); b.str(Tables.department(a.category)); b.byte(0x2C)
            b.date(LocalDate(dayNumber: Int(a.from))); b.byte(0x2C)
            if let t = a.to { b.date(LocalDate(dayNumber: Int(t))) }
            b.crlf()
        }
        return b.b
    }

    private func renderEmployee(_ k: Int, _ f: FileSpec) -> [UInt8] {
        var b = Bytes()
        b.str(header(f, World.employeeHeader)); b.lf()
        for e in employees where e.file == k {
            b.str(idText(e.body)); b.byte(0x2C); b.str(e.name); b.byte(0x2C); b.str(e.pension ? "职工养老" : "职工医保"); b.byte(0x2C)
            b.str(e.unit); b.byte(0x2C); b.date(LocalDate(dayNumber: Int(e.start))); b.byte(0x2C)
            if let t = e.end { b.date(LocalDate(dayNumber: Int(t))) }
            b.lf()
        }
        return b.b
    }

    private func renderDisbursement(_ lines: [(SubsidyKey, SubsidyValue)], _ f: FileSpec) -> [UInt8] {
        var b = Bytes()
        b.str(header(f, World.disbursementHeader)); b.lf()
        for (k, v) in lines {
            b.str(k.town); b.byte(0x2C); b.str(k.ins.chinese); b.byte(0x2C); b.str(World.categoryChinese[k.category]!)
            b.str(",\(v.count),"); b.yuan(v.fen); b.lf()
        }
        return b.b
    }
}
