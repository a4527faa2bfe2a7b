/// The owner's URL with the county's role as its user: what `county add` tells the county to configure.
enum CountyURL {
    static func make(from url: String, role: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let hostPart = rest.firstIndex(of: "@").map { rest[rest.index(after: $0)...] } ?? rest
        return String(url[..<scheme.upperBound]) + role + "@" + hostPart
    }
}
