import NIOConcurrencyHelpers
import NIOPosix
import Vapor

/// Heavy work asked for in a request (counting a pasted ballot file, an assurance report, a
/// finance model) runs here, never on an event loop or Swift's cooperative pool: on threads of
/// its own, one fewer than the machine's cores (at least one), so that pages and `/health` keep a
/// core. At most `queue` jobs run or wait in all, and `perPerson` for one caller (an account, or
/// an address when signed out): past that the caller is told to wait (429, or 503 when the queue
/// is full), with nothing started. Plans run as background jobs of their own.
package final class HeavyWork: Sendable {
    package let threads: Int
    package let queue: Int
    package let perPerson: Int
    let pool: NIOThreadPool
    let load = NIOLockedValueBox<(total: Int, byPerson: [String: Int])>((0, [:]))

    package init(threads: Int = max(1, System.coreCount - 1), queue: Int = 16, perPerson: Int = 2) {
        self.threads = threads
        self.queue = queue
        self.perPerson = perPerson
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Runs `body` on the pool for `person` (a username, or another key for the caller); refuses
    /// at once when that person already has a job running or waiting, or the queue is full.
    package func run<T: Sendable>(for person: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try admit(person)
        defer { release(person) }
        return try await pool.runIfActive(body)
    }

    func admit(_ person: String) throws {
        try load.withLockedValue { load in
            if load.byPerson[person, default: 0] >= perPerson {
                throw Abort(
                    .tooManyRequests,
                    reason: "You have a count or report still being worked out. Wait for it to finish, then try again.")
            }
            guard load.total < queue else {
                throw Abort(
                    .serviceUnavailable,
                    reason: "Consort is busy with other people's counts and reports. Try again in a minute.")
            }
            load.total += 1
            load.byPerson[person, default: 0] += 1
        }
    }

    func release(_ person: String) {
        load.withLockedValue { load in
            load.total -= 1
            load.byPerson[person, default: 1] -= 1
            if load.byPerson[person] == 0 { load.byPerson[person] = nil }
        }
    }

    /// Jobs running or waiting now.
    package var inFlight: Int { load.withLockedValue { $0.total } }

    package func shutdown() async throws { try await pool.shutdownGracefully() }
}

package struct HeavyWorkKey: StorageKey { package typealias Value = HeavyWork }

extension Request {
    /// Runs `body` on the heavy-work pool for the caller: their account, or their address when
    /// signed out.
    package func heavy<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let caller = currentUser.map { "user:\($0.username)" } ?? "address:\(clientAddress)"
        return try await application.heavyWork.run(for: caller, body)
    }
}

extension Application {
    /// The pool for heavy work asked for in requests (see `HeavyWork`).
    package var heavyWork: HeavyWork {
        guard let work = storage[HeavyWorkKey.self] else { fatalError("configureCore has not run") }
        return work
    }
}

/// Stops the heavy-work pool when the application stops.
struct HeavyWorkLifecycle: LifecycleHandler {
    func shutdownAsync(_ app: Application) async {
        try? await app.storage[HeavyWorkKey.self]?.shutdown()
    }
}
