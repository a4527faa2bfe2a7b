/// enrollment_YYYYMMDD.csv.gz — 参保登记名册, a full roster snapshot (UTF-8, RFC 4180).
public enum EnrollmentFile {
    public static let header = ["证件号码", "姓名", "性别", "出生日期", "户号", "乡镇代码", "村居代码", "村居名称",
                                "险种", "参保状态", "户籍类型", "在校学生", "缴费档次", "登记日期"]

    public static func parser() -> CSVTableParser<EnrollmentRow> {
        let repeated = RepeatedTexts(fields: 4)
        return CSVTableParser(header: header, encoding: .utf8, build: { r, line throws(LineError) in
            try row(r, line, repeated)
        }, wrap: FileContent.enrollment)
    }

    // The allowed values, built once rather than as an array per row.
    static let insurances = Choices<Insurance>([("养老", .pension), ("医疗", .medical)])
    static let statuses = Choices<EnrollmentRow.Status>([("正常", .normal), ("暂停", .suspended), ("终止", .terminated)])
    static let yesNo = Choices([("是", true), ("否", false)])
    static let sexes = Choices([("男", "男"), ("女", "女")])
    static let residences = Choices([("本区户籍", "本区户籍"), ("居住证", "居住证")])

    static func row(_ r: FieldReader, _ line: Int, _ repeated: RepeatedTexts) throws(LineError) -> EnrollmentRow {
        let id = try r.idText(0)
        let insurance = try r.oneOf(8, insurances, what: "insurance")
        let status = try r.oneOf(9, statuses, what: "status")
        let student = try r.oneOf(11, yesNo, what: "value")
        let sex = try r.oneOf(2, sexes, what: "value")
        let residence = try r.oneOf(10, residences, what: "value")
        let tier: Int? = r.fields.isEmpty(12) ? nil : try r.integer(12)
        return EnrollmentRow(idText: id.text, idValid: id.valid, name: try r.text(1), sex: sex,
                             birthDate: try r.date(3), household: try repeated.text(r, 4, slot: 0),
                             townCode: try repeated.required(r, 5, slot: 1), villageCode: try repeated.required(r, 6, slot: 2),
                             villageName: try repeated.text(r, 7, slot: 3), insurance: insurance,
                             status: status, residence: residence, student: student, tierYuan: tier,
                             registeredOn: try r.date(13), line: line)
    }
}
