import NIOConcurrencyHelpers

/// A bounded cache of rendered pages for signed-out visitors, keyed by registry version, date
/// and URL, so that a change to the registry makes every old entry unreachable at once.
final class PageCache: Sendable {
    private struct State {
        var entries: [String: String] = [:]
        var order: [String] = []
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    private let maxBytes: Int

    init(maxBytes: Int = 64 << 20) { self.maxBytes = maxBytes }

    func get(_ key: String) -> String? { state.withLockedValue { $0.entries[key] } }

    func put(_ key: String, _ html: String) {
        state.withLockedValue { s in
            if s.entries[key] != nil { return }
            s.entries[key] = html
            s.order.append(key)
            s.bytes += html.utf8.count
            while s.bytes > maxBytes, !s.order.isEmpty {
                let old = s.order.removeFirst()
                s.bytes -= s.entries.removeValue(forKey: old)?.utf8.count ?? 0
            }
        }
    }

    func clear() { state.withLockedValue { $0 = State() } }
}
