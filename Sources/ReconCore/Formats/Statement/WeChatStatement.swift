/// wechat — 微信支付 交易账单 `wx_{商户号}_{YYYYMMDD}.csv.gz`: UTF-8 with BOM, CRLF, every data value
/// behind a backtick, two summary lines at the end.
public enum WeChatStatement {
    public static let columns = [
        "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型", "交易状态",
        "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型",
        "退款状态", "商品名称", "商户数据包", "手续费", "费率", "订单金额", "申请退款金额", "费率备注",
    ]
    public static let summaryHeader = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"

    public static let layout = StatementLayout(
        name: "wechat", channel: .wechat, encoding: .utf8, framing: .delimited(0x2C), fieldCount: 27,
        columnNames: columns, strip: Strip(prefix: 0x60), header: .columns(columns),
        footer: .lines(count: 2, firstLine: summaryHeader),
        columns: .init(kind: 9, txnRef: 6, reversalRef: 15, amount: 24, reversalAmount: 16, time: [0], payer: 7,
                       id: 21, coverage: 20),
        kinds: ["SUCCESS": .payment, "REFUND": .reversal], timeFormat: .standard,
        coveragePattern: CoveragePattern("{year}年度城乡居民基本{insurance}保险费"),
        payerKey: "{payer}", totals: .wechatSummary)
}
