/// unionpay — 银联 全渠道 ZM 对账文件 `INN{yyMMdd}88ZM_{商户代码}.gz`: GBK, LF, 42 fixed-width fields
/// (widths in bytes) separated by one space; no header, no footer, no year in the time.
enum UnionPayStatement {
    static let columns = [
        "交易代码", "代理机构标识码", "发送机构标识码", "系统跟踪号", "交易传输时间", "账号", "交易金额", "商户类别", "终端类型",
        "查询流水号", "支付方式(旧)", "商户订单号", "支付卡类型", "原始交易系统跟踪号", "原始交易日期时间", "商户手续费", "结算金额",
        "支付方式", "集团商户代码", "交易类型", "交易子类", "业务类型", "账号类型", "账单类型", "账单号码", "交互方式",
        "原交易查询流水号", "商户代码", "分账入账方式", "二级商户代码", "二级商户简称", "二级商户分账入账金额", "清算净额", "终端号",
        "商户自定义域", "优惠金额", "发票金额", "分期附加手续费", "分期期数", "交易介质", "原始交易订单号", "保留使用",
    ]
    static let widths = [3, 11, 11, 6, 10, 19, 12, 4, 2, 21, 2, 32, 2, 6, 10, 13, 13, 4, 15, 2, 2, 6, 2, 4, 32, 1,
                                21, 15, 1, 15, 32, 13, 13, 8, 32, 13, 13, 12, 2, 1, 32, 98]

    static let layout = StatementLayout(
        name: "unionpay", channel: .unionpay, encoding: .gb18030, framing: .fixedWidth(widths: widths, gap: 1),
        fieldCount: 42, columnNames: columns,
        columns: .init(kind: 19, txnRef: 11, originalRef: 40, amount: 6, time: [4], payer: 5, agent: 33, coverage: 34),
        kinds: ["01": .payment, "04": .reversal, "31": .reversal], amountUnit: .fen,
        timeFormat: TimeFormat("MMddHHmmss")!, insuranceValues: ["YL": .pension, "YB": .medical],
        coveragePattern: CoveragePattern("{id}|{insurance}|{year}"), payerKey: "{payer}@{date}")
}
