/// employee_insured_YYYYMMDD.csv.gz — 职工参保名单 (UTF-8); cumulative union.
enum EmployeeFile {
    static let header = ["证件号码", "姓名", "险种", "单位名称", "参保起始日期", "参保终止日期"]

    static func parser() -> CSVTableParser<EmployeeRow> {
        CSVTableParser(header: header, encoding: .utf8, build: row, wrap: FileContent.employee)
    }

    static let insurances = Choices<Insurance>([("职工养老", .pension), ("职工医保", .medical)])

    static func row(_ r: FieldReader, _ line: Int) throws(LineError) -> EmployeeRow {
        let id = try r.idText(0)
        let insurance = try r.oneOf(2, insurances, what: "insurance")
        return EmployeeRow(idText: id.text, idValid: id.valid, name: try r.text(1), insurance: insurance,
                           employer: try r.text(3), startsOn: try r.date(4), endsOn: try r.optionalDate(5), line: line)
    }
}
