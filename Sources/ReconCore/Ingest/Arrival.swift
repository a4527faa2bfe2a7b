import Dispatch

/// One file read from the inbox: its bytes, their SHA-256 and its recognised format, decided once.
struct Arrival {
    var name: String
    var path: String
    var bytes: [UInt8]
    var sha256: String
    /// nil when no format's pattern matches the name (the file is quarantined as such).
    var recognised: RecognisedName?

    /// Files are stored in (file date, name) order; a name without a date sorts first.
    var order: (String, String) { (recognised?.date?.description ?? "", name) }

    /// Reads and hashes `paths` side by side. A file that cannot be read (gone, too large, changing)
    /// is skipped with its reason and stays in the inbox for the next run.
    static func readAll(_ paths: [String], registry: FormatRegistry,
                        maxFileBytes: Int) -> (arrivals: [Arrival], skipped: [Inbox.Skipped]) {
        let read = Slots<Result<Arrival, InboxError>>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            let path = paths[i]
            let name = Arrival.name(of: path)
            do {
                let bytes = try Inbox.read(path, maxBytes: maxFileBytes)
                read.put(i, .success(Arrival(name: name, path: path, bytes: bytes, sha256: SHA256.hexDigest(of: bytes),
                                             recognised: registry.recognise(name))))
            } catch let e as InboxError {
                read.put(i, .failure(e))
            } catch {
                read.put(i, .failure(.cannotRead(path, 0)))
            }
        }
        var arrivals: [Arrival] = []
        var skipped: [Inbox.Skipped] = []
        for (i, r) in read.drain().enumerated() {
            switch r {
            case .success(let a): arrivals.append(a)
            case .failure(let e): skipped.append(Inbox.Skipped(name: Arrival.name(of: paths[i]), reason: e.description))
            case nil: break
            }
        }
        return (arrivals, skipped)
    }

    static func name(of path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
