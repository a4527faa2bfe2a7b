/// deaths_YYYYMMDD.csv.gz — 死亡人员通报 (UTF-8); cumulative across files.
enum DeathsFile {
    static let header = ["证件号码", "姓名", "死亡日期", "信息来源", "通报日期"]

    static func parser() -> CSVTableParser<DeathRow> {
        CSVTableParser(header: header, encoding: .utf8, build: row, wrap: FileContent.deaths)
    }

    static let sources = Choices([("公安", "公安"), ("民政", "民政"), ("卫健", "卫健")])

    static func row(_ r: FieldReader, _ line: Int) throws(LineError) -> DeathRow {
        let id = try r.idText(0)
        let source = try r.oneOf(3, sources, what: "source")
        return DeathRow(idText: id.text, idValid: id.valid, name: try r.text(1), deathDate: try r.date(2),
                        source: source, noticeDate: try r.date(4), line: line)
    }
}
