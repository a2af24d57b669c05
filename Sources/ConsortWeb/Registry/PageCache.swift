import NIOConcurrencyHelpers
import NIOCore

/// A bounded cache of rendered pages for signed-out visitors, keyed by registry version, date
/// and URL, so that a change to the registry makes every old entry unreachable at once.
package final class PageCache: Sendable {
    private struct State {
        package var entries: [String: ByteBuffer] = [:]
        package var order: [String] = []
        package var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    private let maxBytes: Int

    package init(maxBytes: Int = 64 << 20) { self.maxBytes = maxBytes }

    package func get(_ key: String) -> ByteBuffer? { state.withLockedValue { $0.entries[key] } }

    package func put(_ key: String, _ body: ByteBuffer) {
        state.withLockedValue { s in
            if s.entries[key] != nil { return }
            s.entries[key] = body
            s.order.append(key)
            s.bytes += body.readableBytes
            while s.bytes > maxBytes, !s.order.isEmpty {
                let old = s.order.removeFirst()
                s.bytes -= s.entries.removeValue(forKey: old)?.readableBytes ?? 0
            }
        }
    }

    package func clear() { state.withLockedValue { $0 = State() } }
}
