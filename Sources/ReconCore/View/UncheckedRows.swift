/// The view's payment rows and their ID facts, handed to the threads of `JoinedView.resolve`,
/// each of which writes only its own range of rows.
struct UncheckedRows: @unchecked Sendable {
    let payments: UnsafeMutableBufferPointer<ViewPayment>
    let facts: UnsafeMutableBufferPointer<IDFacts>
}
