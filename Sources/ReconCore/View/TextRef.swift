/// A byte string stored in a `RefMap`'s buffer: where it starts and how long it is.
public struct TextRef: Sendable, Hashable {
    public var offset: UInt32
    public var length: UInt32
}
