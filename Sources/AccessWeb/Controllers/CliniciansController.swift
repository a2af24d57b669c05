import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

extension AccessController {
    // MARK: Clinicians

    package struct ClinicianForm: Content {
        package var name: String?
        package var role: String?
        package var practice: String?
        package var maxSessions: String?
        package var hubs: [String]?
        package var availability: String?
        package var action: String?
        package var registration: String?
        package enum CodingKeys: String, CodingKey {
            case name, role, practice, hubs, availability, action, registration
            case maxSessions = "max_sessions"
        }

        package init(
            name: String? = nil, role: String? = nil, practice: String? = nil, maxSessions: String? = nil,
            hubs: [String]? = nil, availability: String? = nil, action: String? = nil
        ) {
            self.name = name
            self.role = role
            self.practice = practice
            self.maxSessions = maxSessions
            self.hubs = hubs
            self.availability = availability
            self.action = action
        }
    }

    @Sendable package static func clinicians(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        return try await renderClinicians(
            req, group, view, user, editing: nil, form: ClinicianForm(role: "gp", maxSessions: "4"), errors: [])
    }

    @Sendable package static func editClinicianForm(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        let row = try await StaffList.row(try id(req), on: Store.sql(req.db))
        guard row.groupCode == group.code else { throw Abort(.notFound) }
        let form = ClinicianForm(
            name: row.name, role: row.role, practice: row.practiceCode, maxSessions: String(row.maxSessionsPerMonth),
            hubs: row.hubs.map(String.init), availability: row.availability)
        return try await renderClinicians(req, group, view, user, editing: row.id, form: form, errors: [])
    }

    package static func renderClinicians(
        _ req: Request, _ group: GroupInfo, _ view: RegistryView, _ user: CurrentUser, editing: Int64?,
        form: ClinicianForm, errors: Errors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = try await CliniciansPage.load(
            group, view: view, editing: editing, origin: origin(req), on: Store.sql(req.db))
        if let alternate = try await alternate(page.tables(), req) { return alternate }
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    @Sendable package static func saveClinician(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        let editing = req.parameters.get("id", as: Int64.self)
        let form = try req.content.decode(ClinicianForm.self)
        do {
            if form.action == "remove", let editing {
                try await StaffList.remove(editing, group: group.code, by: user, app: req.application)
                return req.redirect(to: AccessURL.clinicians(.value(group.code)).path, redirectType: .normal)
            }
            let hubs = try await HubSetup.hubs(of: group.code, on: Store.sql(req.db))
            let entry = try StaffList.entry(
                name: form.name, role: form.role, practice: form.practice, maxPerMonth: form.maxSessions,
                hubs: form.hubs ?? [],
                availability: form.availability, registration: form.registration, hubIDs: Set(hubs.map(\.id)),
                members: Set(view.members(of: group).map(\.code))
            ).get()
            try await StaffList.save(id: editing, group: group.code, entry, by: user, app: req.application)
            return req.redirect(to: AccessURL.clinicians(.value(group.code)).path, redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderClinicians(
                req, group, view, user, editing: editing, form: form, errors: list, status: FieldProblem.status(error))
        }
    }
}
