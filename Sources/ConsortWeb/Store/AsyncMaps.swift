extension Sequence {
    /// The elements' lists, concatenated, each made in turn.
    package func asyncFlatMap<T>(_ body: (Element) async throws -> [T]) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out += try await body(element) }
        return out
    }
}

extension Optional {
    /// The wrapped value transformed, or nil.
    package func mapAsync<T>(_ body: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await body(value)
    }
}

extension Array {
    /// The array in consecutive pieces of at most `size` (for `IN` lists that databases bound).
    package func chunks(of size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: Swift.max(1, size)).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
