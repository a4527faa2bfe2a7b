/// disbursement_YYYYMMDD.csv.gz — 财政补助拨付申报 (UTF-8); per (town, insurance, category) the newest file wins.
enum DisbursementFile {
    static let header = ["乡镇代码", "险种", "补助类别", "人数", "金额"]

    static func parser() -> CSVTableParser<DisbursementRow> {
        CSVTableParser(header: header, encoding: .utf8, build: row, wrap: FileContent.disbursement)
    }

    static func row(_ r: FieldReader, _ line: Int) throws(LineError) -> DisbursementRow {
        let insurance = try r.oneOf(1, EnrollmentFile.insurances, what: "insurance")
        let text = try r.text(2)
        guard let category = DisbursementRow.Category(insurance: insurance, chinese: text) else {
            throw .disbursementCategory(got: text, insurance: insurance)
        }
        return DisbursementRow(townCode: try r.required(0), insurance: insurance, category: category,
                               persons: try r.integer(3), amountFen: try r.yuan(4), line: line)
    }
}
