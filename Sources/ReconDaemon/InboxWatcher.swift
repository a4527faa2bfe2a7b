import ReconCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Polls the inbox and offers a file only once it is complete: a regular file (never `*.part`,
/// `*.tmp` or hidden — `Inbox.scan` passes those over) whose size and modification time have not
/// changed across polls for at least `stableSeconds`.
///
/// Polling rather than inotify: it works the same on every file system the inbox may live on (NFS
/// and SMB shares included, where inotify sees nothing), and a stability check is needed anyway,
/// because a finished `close()` is not visible to a watcher of another process.
public struct InboxWatcher: Sendable {
    public let directory: String
    public var stableSeconds: Double
    /// Larger files are left in the inbox and reported once.
    public var maxBytes: Int

    struct Observation: Equatable {
        var size: Int64
        var mtimeSeconds: Int
        var mtimeNanos: Int
    }

    private var seen: [String: (observation: Observation, since: Double)] = [:]
    private var reported: Set<String> = []

    public init(directory: String, stableSeconds: Double, maxBytes: Int = Int.max) {
        self.directory = directory
        self.stableSeconds = stableSeconds
        self.maxBytes = maxBytes
    }

    /// What one look at the inbox found.
    public struct Poll: Sendable, Equatable {
        /// Paths of complete files, in name order.
        public var ready: [String] = []
        /// Entries to quarantine (links, folders, names that are not UTF-8), once they held still too.
        public var refused: [Inbox.Refused] = []
        /// Files still changing or not yet seen long enough.
        public var waiting = 0
        /// Entries passed over (partial, hidden, links, folders, too large) not reported before.
        public var newlySkipped: [Inbox.Skipped] = []
        /// Files still named `*.part`/`*.tmp` or hidden.
        public var partial = 0
        /// Whether anything appeared or changed since the previous poll (arrivals still going on).
        public var changed = false
        /// Files in the inbox that will be taken: ready + waiting.
        public var depth: Int { ready.count + refused.count + waiting }
    }

    /// Looks at the inbox; `now` is a monotonic clock in seconds.
    public mutating func poll(now: Double) throws -> Poll {
        let listing = try Inbox.scan(directory)
        let (names, skipped) = (listing.files, listing.skipped)
        var result = Poll()
        var present: Set<String> = []
        for s in skipped {
            if s.reason == Inbox.incompleteReason { result.partial += 1 }
            let key = "skip\u{1}" + s.name + "\u{1}" + s.reason
            present.insert(key)
            if reported.insert(key).inserted {
                result.newlySkipped.append(s)
                result.changed = true
            }
        }
        var current: [String: (observation: Observation, since: Double)] = [:]
        for name in names {
            var st = stat()
            guard lstat(directory + "/" + name, &st) == 0 else { continue }   // gone meanwhile
            if Int(st.st_size) > maxBytes {
                let s = Inbox.Skipped(name: name, reason: "larger than max_file_mb (\(st.st_size) bytes): left in the inbox")
                let key = "skip\u{1}" + s.name + "\u{1}size"
                present.insert(key)
                if reported.insert(key).inserted { result.newlySkipped.append(s) }
                continue
            }
            let o = Observation(size: Int64(st.st_size), mtimeSeconds: Int(st.st_mtim.tv_sec), mtimeNanos: Int(st.st_mtim.tv_nsec))
            if let before = seen[name], before.observation == o {
                current[name] = before
                if now - before.since >= stableSeconds {
                    result.ready.append(directory + "/" + name)
                } else {
                    result.waiting += 1
                }
            } else {
                current[name] = (o, now)
                result.waiting += 1
                result.changed = true
            }
        }
        for r in listing.refused {
            var st = stat()
            guard Inbox.lstatBytes(r.rawPath, &st) == 0 else { continue }
            let o = Observation(size: Int64(st.st_size), mtimeSeconds: Int(st.st_mtim.tv_sec), mtimeNanos: Int(st.st_mtim.tv_nsec))
            let key = "refused\u{1}" + r.name
            if let before = seen[key], before.observation == o {
                current[key] = before
                if now - before.since >= stableSeconds { result.refused.append(r) } else { result.waiting += 1 }
            } else {
                current[key] = (o, now)
                result.waiting += 1
                result.changed = true
            }
        }
        seen = current
        // Forget reports of entries that went away, so a new one of the same name is reported again.
        reported = reported.filter { present.contains($0) }
        return result
    }
}
