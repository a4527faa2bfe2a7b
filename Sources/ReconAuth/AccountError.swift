/// Why an account operation was refused; each says which account and what to do.
public enum AccountError: Error, Equatable, CustomStringConvertible {
    case exists(String)
    case noSuchAccount(String)
    case badName(String)
    case weakPassword(minimum: Int)
    case passwordFileReadable(String)
    case passwordFileMissing(String)
    case cryptoUnavailable

    public var description: String {
        switch self {
        case .exists(let n): return "an account named \(n) already exists (change its password with `recond user passwd \(n)`)"
        case .noSuchAccount(let n): return "no account named \(n)"
        case .badName(let n): return "'\(n)' is not a usable account name (1–64 characters, no spaces or control characters)"
        case .weakPassword(let m): return "the password is too short: at least \(m) characters"
        case .passwordFileReadable(let p):
            return "\(p) can be read by other users: make it private first (chmod 600 \(p)), passwords never travel on a command line"
        case .passwordFileMissing(let p): return "cannot read the password file \(p)"
        case .cryptoUnavailable: return "libsodium could not be initialised"
        }
    }
}
