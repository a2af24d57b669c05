import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// A practice's patients' hub appointments that the reader may see: from today, or all.
package struct AppointmentsPage: Sendable {
    package let practice: PracticeInfo
    package let rows: [Hubs.Appointment]
    package let page: Int
    package let showPast: Bool
    /// The booking just made, to confirm.
    package let booked: Int64?

    package init(practice: PracticeInfo, rows: [Hubs.Appointment], page: Int, showPast: Bool, booked: Int64?) {
        self.practice = practice
        self.rows = rows
        self.page = page
        self.showPast = showPast
        self.booked = booked
    }

    /// Only the appointments `user` booked or runs (the store filters them).
    package static func load(
        _ practice: PracticeInfo, user: CurrentUser, showPast: Bool, page: Int, booked: Int64?,
        on db: any SQLDatabase
    ) async throws -> AppointmentsPage {
        let rows = try await Hubs.appointments(
            of: practice.code, from: showPast ? nil : Day.today(), visibleTo: user, on: db)
        return AppointmentsPage(practice: practice, rows: rows, page: page, showPast: showPast, booked: booked)
    }

    package func tables() -> [DataTable] { [AccessView.appointmentsTable(rows, practice: practice)] }

    package func render(_ ctx: PageContext, errors: FormErrors = [], status: HTTPStatus = .ok) -> HTMLPage {
        AccessView.appointments(
            practice, rows: rows, page: page, showPast: showPast, booked: booked, table: tables()[0], errors: errors,
            ctx, status: status)
    }
}
