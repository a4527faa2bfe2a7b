/// alipay — 支付宝 业务明细 `{PID}_{YYYYMMDD}_业务明细.csv.gz`: GBK, CRLF, `#` lines around the table,
/// a trailing tab after text values, totals in the `#` footer.
enum AlipayStatement {
    static let columns = [
        "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称", "操作员", "终端号",
        "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）", "商家优惠（元）",
        "券核销金额（元）", "券名称", "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注",
    ]

    static let layout = StatementLayout(
        name: "alipay", channel: .alipay, encoding: .gb18030, framing: .delimited(0x2C), fieldCount: 25,
        columnNames: columns, strip: Strip(suffix: 0x09), commentPrefix: 0x23, header: .columns(columns),
        columns: .init(kind: 2, txnRef: 1, reversalRef: 21, amount: 11, time: [5], payer: 10, id: 24, coverage: 3),
        kinds: ["交易": .payment, "退款": .reversal], timeFormat: .standard,
        coveragePattern: CoveragePattern("{year}年度城乡居民基本{insurance}保险费"),
        payerKey: "{payer}@{date}", totals: .alipayFooter)
}
