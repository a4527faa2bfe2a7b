import Hummingbird

/// A request on the review desk: hummingbird's core context and who sent it (set by the session check).
struct DeskContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var account: DeskAccount?

    init(source: Source) {
        coreContext = .init(source: source)
        account = nil
    }

    /// Forms are small: a larger body is refused (413) before it is read.
    var maxUploadSize: Int { 64 * 1024 }
}
