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
