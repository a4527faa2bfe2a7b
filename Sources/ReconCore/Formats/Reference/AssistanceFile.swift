/// assistance_YYYYMMDD.csv.gz — 资助代缴名单 (GBK, CRLF, from a spreadsheet); cumulative union.
enum AssistanceFile {
    static let header = ["证件号码", "姓名", "资助类别", "险种", "认定部门", "认定日期", "截止日期"]

    static func parser() -> CSVTableParser<AssistanceRow> {
        CSVTableParser(header: header, encoding: .gb18030, build: row, wrap: FileContent.assistance)
    }

    static let categories = Choices(AssistanceRow.categories.sorted().map { ($0, $0) })

    static func row(_ r: FieldReader, _ line: Int) throws(LineError) -> AssistanceRow {
        let id = try r.idText(0)
        // A listed category as its listed String; another text only when it is one as Strings compare.
        var category = try r.listed(2, categories)
        if category == nil {
            let text = try r.text(2)
            guard AssistanceRow.categories.contains(text) else { throw .assistanceCategory(got: text) }
            category = text
        }
        let insurance = try r.oneOf(3, EnrollmentFile.insurances, what: "insurance")
        return AssistanceRow(idText: id.text, idValid: id.valid, name: try r.text(1), category: category!,
                             insurance: insurance, department: try r.text(4), recognisedOn: try r.date(5),
                             endsOn: try r.optionalDate(6), line: line)
    }
}
