import NIOConcurrencyHelpers
import Vapor

/// Counts requests per client address in fixed windows and refuses past a limit: for the pages
/// of emailed links (ballots, survey answers, invitations), whose token is the only credential,
/// so that no one can try tokens, or fill the sessions table, at speed. Kept in memory, per
/// instance; at most `maxClients` addresses are remembered (past that the window starts afresh).
package final class RateLimiter: Sendable {
    package let limit: Int
    package let window: TimeInterval
    let maxClients: Int
    private let state = NIOLockedValueBox<(start: Date, counts: [String: Int])>((Date(), [:]))

    package init(limit: Int, window: TimeInterval, maxClients: Int = 100_000) {
        self.limit = limit
        self.window = window
        self.maxClients = maxClients
    }

    /// Counts one request from `client`; throws 429 with `Retry-After` past the limit.
    package func admit(_ client: String, now: Date = Date()) throws {
        let wait: Int? = state.withLockedValue { state in
            if now.timeIntervalSince(state.start) >= window || state.counts.count >= maxClients {
                state = (now, [:])
            }
            let count = state.counts[client, default: 0] + 1
            state.counts[client] = count
            guard count > limit else { return nil }
            return max(1, Int((window - now.timeIntervalSince(state.start)).rounded(.up)))
        }
        if let wait {
            throw Abort(
                .tooManyRequests, headers: ["Retry-After": String(wait)],
                reason: "Too many requests for links from your address. Wait \(wait) seconds and try again.")
        }
    }
}

package struct LinkLimiterKey: StorageKey { package typealias Value = RateLimiter }

extension Application {
    /// The limit on requests to emailed links' pages (60 a minute from one address, set up with
    /// the core).
    package var linkLimiter: RateLimiter {
        guard let limiter = storage[LinkLimiterKey.self] else { fatalError("configureCore has not run") }
        return limiter
    }
}
