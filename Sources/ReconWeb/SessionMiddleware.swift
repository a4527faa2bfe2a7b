import Hummingbird

/// Finds the account of the request's session cookie; a page other than the login without one goes
/// to `/login` (a form post without one is refused: 401).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = DeskContext
    let desk: ReviewDesk

    func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[SessionStore.cookie]?.value, !token.isEmpty {
            context.account = try desk.store.with { try SessionStore.account($0.db, token: token, now: desk.clock()) }
        }
        if request.uri.path == "/favicon.ico" { return Response(status: .notFound) }
        let open = request.uri.path == "/login"
        if context.account == nil && !open && request.uri.path != "/" {
            if request.method == .get || request.method == .head { return .redirect(to: "/login", type: .found) }
            throw HTTPError(.unauthorized)
        }
        return try await next(request, context)
    }
}
