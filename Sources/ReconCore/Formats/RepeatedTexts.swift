/// The last text read from each of a few fields, so that a run of rows with the same text shares one
/// String: a roster lists a household's members one after another and a village's households too.
/// A 16-digit 户号 is too long for a small (inline) string, so a county's 420k rows made 420k
/// allocations for 170k households (a city's roster: about 120 MB while it is parsed and stored).
///
/// One per parser: rows come in file order, on one thread.
///
/// Its two variables are read and written for every row, only by that one parser: their run-time
/// exclusivity checks were 3 % of a roster's parse, so they are left out.
final class RepeatedTexts {
    @exclusivity(unchecked) private var last: [String]
    /// The field bytes `last` was decoded from (compared as received: any encoding).
    @exclusivity(unchecked) private var lastBytes: [[UInt8]]

    init(fields: Int) {
        last = Array(repeating: "", count: fields)
        lastBytes = Array(repeating: [], count: fields)
    }

    /// Field `i`'s text, as `FieldReader.text` reads it; the same String as the previous row's field
    /// `slot` when the field's bytes are the same.
    func text(_ r: FieldReader, _ i: Int, slot: Int) throws(LineError) -> String {
        if !r.fields.equals(i, lastBytes[slot]) {
            last[slot] = try r.text(i)
            lastBytes[slot].removeAll(keepingCapacity: true)
            r.fields.withField(i) { lastBytes[slot].append(contentsOf: $0) }
        }
        return last[slot]
    }

    /// The same for a required (non-empty) field.
    func required(_ r: FieldReader, _ i: Int, slot: Int) throws(LineError) -> String {
        guard !r.fields.isEmpty(i) else { return try r.required(i) }
        return try text(r, i, slot: slot)
    }
}
