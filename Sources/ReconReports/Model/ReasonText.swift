import Foundation

/// The reasons recon stores in English (`files_v1.error`, `rejects_v1.reason`: the contract's texts,
/// which logs and JSON keep) as a clerk reads them, in Chinese. Field names, values and numbers are
/// carried over as they are; a text no rule knows is shown unchanged.
enum ReasonText {
    /// (pattern, template): the first pattern that matches the whole text wins; `$n` is a group, `@n`
    /// a group translated again (the rest of a "line N: …" text), `%n` a group that is a format name,
    /// `&n` the word amount or count.
    static let rules: [(NSRegularExpression, String)] = [
        ("line (\\d+): (.*)", "第 $1 行：@2"),
        ("(.*) \\(control totals cannot be verified\\)", "@1（无法核对控制合计）"),
        ("unrecognised name", "文件名无法识别（不符合任何格式的命名）"),
        ("symbolic link \\(never followed\\)", "符号链接（不跟随）"),
        ("a directory, not a file", "是文件夹，不是文件"),
        ("file name is not valid UTF-8.*", "文件名不是有效的 UTF-8 编码"),
        ("not a regular file.*", "不是普通文件（设备、管道或套接字）"),
        ("gzip stream truncated: the file is empty \\(0 bytes\\).*", "文件为空（0 字节），没有收到数据：请发送方重发"),
        ("gzip stream truncated before the end of member", "gzip 数据不完整（传输或复制中断）：请发送方重发"),
        ("gzip data is corrupt: (.*)", "gzip 数据损坏（$1）"),
        ("expanded size exceeds the cap of (\\d+) bytes.*", "解压后超过上限 $1 字节（疑似压缩炸弹）"),
        ("compression ratio (\\d+):1 exceeds the cap of (\\d+):1.*", "压缩比 $1:1 超过上限 $2:1（疑似压缩炸弹）"),
        ("file is not gzip-compressed.*", "不是 gzip 压缩文件"),
        ("cannot read gzip file: (.*)", "无法读取文件：$1"),
        ("longer than (\\d+) bytes without a line end", "超过 $1 字节仍无换行"),
        ("cannot be decoded as (\\S+) \\(invalid or cut-off byte sequence at byte (\\d+)\\)",
         "无法按 $1 解码（第 $2 字节起的字节序列无效或被截断）"),
        ("NUL byte at byte (\\d+) \\(binary data, not text\\)", "第 $1 字节为 NUL（二进制数据，不是文本）"),
        ("byte-order mark \\(EF BB BF\\) at byte (\\d+), inside the file \\(files joined\\?\\)",
         "文件中间第 $1 字节出现字节序标记 EF BB BF（文件被拼接？）"),
        ("header missing \\(empty line\\)", "缺少表头（空行）"),
        ("header is not the specified one \\(expected (.*)\\)", "表头与规定不符（应为 $1）"),
        ("empty file: header missing", "空文件：缺少表头"),
        ("header is not the (\\S+) header", "表头不是%1的表头"),
        ("header line has (\\d+) fields, expected (\\d+)", "表头有 $1 个字段，应为 $2 个"),
        ("empty file", "空文件"),
        ("header missing", "缺少表头"),
        ("summary lines missing", "缺少汇总行"),
        ("trailer (.*) missing \\(file truncated\\)", "缺少结尾行 $1（文件不完整）"),
        ("footer lines missing \\((.*)\\)", "缺少合计行（$1）"),
        ("footer totals do not parse", "合计行无法解析"),
        ("batch header missing or malformed", "批次头缺失或格式错误"),
        ("header record H missing", "缺少头记录 H"),
        ("control totals: header count '(.*)' does not parse", "控制合计：头记录笔数“$1”无法解析"),
        ("control totals: trailer count '(.*)' does not parse", "控制合计：尾记录笔数“$1”无法解析"),
        ("control totals: (\\S+) count '(.*)' does not parse", "控制合计：$1笔数“$2”无法解析"),
        ("control totals: (.*) amount '(.*)' does not parse", "控制合计：$1金额“$2”无法解析"),
        ("summary: (\\S+) '(.*)' does not parse", "汇总：$1“$2”无法解析"),
        ("summary: an amount does not parse", "汇总：金额无法解析"),
        ("control totals disagree with rows: header (amount|count) declared (\\S+), rows give (\\S+)", "控制合计与明细不符：头记录&1申报 $2，明细合计 $3"),
        ("control totals disagree with rows: trailer (amount|count) declared (\\S+), rows give (\\S+)", "控制合计与明细不符：尾记录&1申报 $2，明细合计 $3"),
        ("control totals disagree with rows: (.*) amount declared (\\S+), rows give (\\S+)", "控制合计与明细不符：$1 金额申报 $2，明细合计 $3"),
        ("control totals disagree with rows: (.*) count declared (\\S+), rows give (\\S+)", "控制合计与明细不符：$1 笔数申报 $2，明细合计 $3"),
        ("control totals disagree with rows: (.*) declared (\\S+), rows give (\\S+)", "控制合计与明细不符：$1 申报 $2，明细合计 $3"),
        ("wrong field count: expected (\\d+), got (\\d+)", "字段数不对：应为 $1，实为 $2"),
        ("wrong line width: expected (\\d+) bytes, got (\\d+)", "行宽不对：应为 $1 字节，实为 $2"),
        ("too many fields: more than (\\d+) \\(expected (\\d+)\\)", "字段过多：超过 $1 个（应为 $2）"),
        ("too many fields", "字段过多"),
        ("malformed quoting", "引号格式错误"),
        ("unterminated quoted field", "引号未闭合"),
        ("record type is not (\\S+)", "记录类型不是 $1"),
        ("the line does not name the ID number, insurance and year", "该行没有给出证件号码、险种和年度"),
        ("([^:]+): cannot be decoded", "$1：无法解码"),
        ("([^:]+): empty", "$1：为空"),
        ("([^:]+): amount does not parse \\(empty\\): ''", "$1：金额为空"),
        ("([^:]+): amount does not parse \\(not a number\\): '(.*)'", "$1：金额“$2”不是数字"),
        ("([^:]+): amount does not parse \\(too many decimals\\): '(.*)'", "$1：金额“$2”小数位过多"),
        ("([^:]+): amount does not parse \\(out of range\\): '(.*)'", "$1：金额“$2”超出范围"),
        ("([^:]+): amount exceeds ([\\d,.]+) yuan in absolute value: '(.*)'", "$1：金额“$3”的绝对值超过 $2 元"),
        ("([^:]+): the sum over the rows is out of range", "$1：各行合计超出范围"),
        ("([^:]+): not a whole number: '(.*)'", "$1：“$2”不是整数"),
        ("([^:]+): date does not parse: '(.*)'", "$1：日期“$2”无法解析"),
        ("([^:]+): time does not parse as (.+?): '(.*)'", "$1：时间“$3”不符合 $2 格式"),
        ("([^:]+): time does not parse as (.+)", "$1：时间不符合 $2 格式"),
        ("([^:]+): insurance '(.*)' is not one of (.*)", "$1：险种“$2”不是 $3 之一"),
        ("([^:]+): kind value '(.*)' is not one the format lists", "$1：类型值“$2”不在该格式的列表中"),
        ("([^:]+): a payment amount cannot be negative", "$1：缴费金额不能为负数"),
        ("([^:]+): does not fit the pattern (.*)", "$1：不符合格式 $2"),
        ("([^:]+): insurance '(.*)' is not one the format lists", "$1：险种“$2”不在该格式的列表中"),
        ("([^:]+): sign does not fit (\\S+) 退费 \\(must be negative\\)", "$1：正负号与$2“退费”不符（应为负数）"),
        ("([^:]+): sign does not fit (\\S+) \\(must not be negative\\)", "$1：正负号与$2不符（不应为负数）"),
        ("([^:]+): '(.*)' is not a listed category", "$1：“$2”不是规定的类别"),
        ("([^:]+): '(.*)' is not a category of (.*)", "$1：“$2”不是$3的类别"),
    ].map { (try! NSRegularExpression(pattern: "^" + $0.0 + "$", options: [.dotMatchesLineSeparators]), $0.1) }

    /// `text` in Chinese, or unchanged when no rule knows it.
    static func chinese(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        for (pattern, template) in rules {
            guard let m = pattern.firstMatch(in: text, range: range) else { continue }
            var out = ""
            var chars = Array(template)
            var i = 0
            while i < chars.count {
                let c = chars[i]
                if (c == "$" || c == "@" || c == "%" || c == "&"), i + 1 < chars.count, let n = chars[i + 1].wholeNumberValue,
                   n < m.numberOfRanges, let r = Range(m.range(at: n), in: text) {
                    let group = String(text[r])
                    switch c {
                    case "@": out += chinese(group)
                    case "%": out += Labels.format(group)
                    case "&": out += group == "amount" ? "金额" : group == "count" ? "笔数" : group
                    default: out += group
                    }
                    i += 2
                } else {
                    out.append(c)
                    i += 1
                }
            }
            chars.removeAll()
            return out
        }
        return text
    }
}
