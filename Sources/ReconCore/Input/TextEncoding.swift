/// Character encoding of a text input file.
///
/// Files labelled GBK by their producers are decoded as GB18030, which is a superset
/// (GBK's two-byte table plus four-byte sequences for the rest of Unicode).
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    case utf8
    case gb18030
}
