import CSodium

/// Password hashes for the review desk's accounts: Argon2id through libsodium (`crypto_pwhash_str`),
/// memory-hard and salted, in the self-describing string form (`$argon2id$v=19$m=…`), so the cost can
/// be raised later without breaking stored hashes.
public enum PasswordHash {
    /// Work factors: libsodium's "interactive" limits (64 MiB, 2 passes), the ones it names for logins;
    /// its "moderate" ones (256 MiB) would let a handful of simultaneous logins exhaust a small server.
    static let opsLimit = UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE)
    static let memLimit = Int(crypto_pwhash_MEMLIMIT_INTERACTIVE)

    static let ready: Bool = sodium_init() >= 0

    /// The hash string of `password`.
    public static func make(_ password: String) throws -> String {
        guard ready else { throw AccountError.cryptoUnavailable }
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let length = UInt64(password.utf8.count)
        let rc = password.withCString { crypto_pwhash_str(&out, $0, length, opsLimit, memLimit) }
        guard rc == 0 else { throw AccountError.cryptoUnavailable }
        return String(cString: out)
    }

    /// Whether `password` matches `hash` (constant time inside libsodium); false for a malformed hash.
    public static func matches(_ password: String, _ hash: String) -> Bool {
        guard ready else { return false }
        let length = UInt64(password.utf8.count)
        return hash.withCString { h in password.withCString { crypto_pwhash_str_verify(h, $0, length) == 0 } }
    }

    /// `count` random bytes as hex (session tokens, CSRF tokens).
    public static func randomHex(_ count: Int = 32) -> String {
        _ = ready
        var b = [UInt8](repeating: 0, count: count)
        randombytes_buf(&b, count)
        return b.map { String(format: "%02x", $0) }.joined()
    }
}
