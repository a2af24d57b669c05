import ConsortCore
import ConsortWeb
import Elections
import Fluent
import Foundation
import SQLKit

extension ElectionStore {
    /// What the new-election form asks, before it is checked.
    package struct Input: Sendable {
        package var title: String?
        package var method: String?
        package var seats: String?
        package var motion: String?
        package var groups: String?
        package var electorate: String?
        package var roles: [String]
        package var weighting: String?
        package var perPatients: String?
        package var rounding: String?
        package var people: String?
        package var rollOn: String?
        package var nominationsOpen: String?
        package var nominationsClose: String?
        package var votingOpen: String?
        package var votingClose: String?

        package init(
            title: String?, method: String?, seats: String?, motion: String?, groups: String?, electorate: String?,
            roles: [String], weighting: String?, perPatients: String?, rounding: String?, people: String?,
            rollOn: String?, nominationsOpen: String?, nominationsClose: String?, votingOpen: String?,
            votingClose: String?
        ) {
            self.title = title
            self.method = method
            self.seats = seats
            self.motion = motion
            self.groups = groups
            self.electorate = electorate
            self.roles = roles
            self.weighting = weighting
            self.perPatients = perPatients
            self.rounding = rounding
            self.people = people
            self.rollOn = rollOn
            self.nominationsOpen = nominationsOpen
            self.nominationsClose = nominationsClose
            self.votingOpen = votingOpen
            self.votingClose = votingClose
        }
    }

    /// Reads the roll's part of a form (shared with surveys); problems are added to `problems`.
    static func electorate(
        kind: String?, groups: String?, roles: [String], weighting: String?, perPatients: String?, rounding: String?,
        people: String?, rollOn: String?, today: Day, user: CurrentUser, view: RegistryView,
        problems: inout [FieldProblem]
    ) -> Electorate? {
        let codes = (groups ?? "").uppercased().split(whereSeparator: { ", \n\r\t".contains($0) }).map(String.init)
        if codes.isEmpty {
            problems.append(FieldProblem(field: "groups", message: "give the code of the group (or groups) it is for"))
        } else if codes.count > 50 {
            problems.append(FieldProblem(field: "groups", message: "give at most 50 groups"))
        } else if !Permissions.canRunPoll(codes, user, view: view) {
            problems.append(
                FieldProblem(
                    field: "groups", message: "you can run polls only for groups you manage or are an officer of"))
        }
        let kind = Electorate.Kind(rawValue: kind ?? "")
        if kind == nil { problems.append(FieldProblem(field: "electorate", message: "choose who is on the roll")) }
        let gpRoles = Set(roles.compactMap(PersonRole.init(rawValue:)).filter(\.isGP))
        if kind == .gps && gpRoles.isEmpty {
            problems.append(FieldProblem(field: "roles", message: "choose which GPs are on the roll"))
        }
        var weight = Weighting.onePerPractice
        switch weighting ?? "one" {
        case "one", "": break
        case "gps": weight = .perGP
        case "patients":
            let n = Int(
                (perPatients ?? "").replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces))
            if let n, (1...Weighting.maxDivisor).contains(n) {
                weight = .perPatients(n, Weighting.Rounding(rawValue: rounding ?? "") ?? .up)
            } else {
                problems.append(
                    FieldProblem(
                        field: "per_patients",
                        message:
                            "give the patients per vote as a whole number from 1 to \(grouped(Weighting.maxDivisor))"))
            }
        default: problems.append(FieldProblem(field: "weighting", message: "choose how practices' votes are weighted"))
        }
        var day = today
        if let text = rollOn?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let d = Day(iso: text), d <= today, d.year >= 2010 {
                day = d
            } else {
                problems.append(
                    FieldProblem(field: "roll_on", message: "give the roll's date: a date from 2010 to today"))
            }
        }
        if kind == .people && (people ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(FieldProblem(field: "people", message: "list the people on the roll, one per line"))
        }
        guard let kind else { return nil }
        return Electorate(
            kind: kind, groups: codes, gpRoles: gpRoles, weighting: weight, people: people ?? "", day: day)
    }

    /// Creates an election (or a motion) with its roll, issues each roll entry its ballot
    /// credential by notification, and returns its id.
    package static func create(
        _ input: Input, views: Roll.Views, today: Day = Day.today(), now: Int64 = Timetable.now(), demo: Bool = false,
        by user: CurrentUser, on database: any Database
    ) async throws -> Int64 {
        var problems: [FieldProblem] = []
        let title = (input.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 200 {
            problems.append(FieldProblem(field: "title", message: "give the election a title of up to 200 characters"))
        }
        let method = Method(rawValue: input.method ?? "")
        if method == nil {
            problems.append(FieldProblem(field: "method", message: "choose how the election is decided"))
        }
        let seats = method == .motion ? 1 : Int((input.seats ?? "").trimmingCharacters(in: .whitespaces)) ?? 0
        if !(1...100).contains(seats) {
            problems.append(FieldProblem(field: "seats", message: "give the number of seats, from 1 to 100"))
        }
        let motion = (input.motion ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if method == .motion && (motion.isEmpty || motion.count > 2_000) {
            problems.append(FieldProblem(field: "motion", message: "give the motion's words, up to 2,000 characters"))
        }
        let electorate = Self.electorate(
            kind: input.electorate, groups: input.groups, roles: input.roles, weighting: input.weighting,
            perPatients: input.perPatients, rounding: input.rounding, people: input.people, rollOn: input.rollOn,
            today: today, user: user, view: try await views(today), problems: &problems)
        let times = timetable(input, motion: method == .motion, now: now, problems: &problems)
        guard problems.isEmpty, let method, let electorate, let times else { throw FieldProblems(all: problems) }
        let roll = try await Roll.draw(electorate, views: views, db: Store.sql(database))
        return try await Store.write(database) { db in
            struct ID: Decodable { let id: Int64 }
            guard
                let id = try await db.raw(
                    """
                    INSERT INTO elections (title, body_code, group_codes, method, seats, motion, electorate, \
                    weighting, \
                    roll_on, roll_note, nominations_open, nominations_close, voting_open, voting_close, box_version, \
                    is_demo, created_by, created_at)
                    VALUES (\(bind: title), \(bind: electorate.groups[0]), \
                    \(bind: electorate.groups.joined(separator: ",")), \(bind: method.rawValue), \(bind: seats), \
                    \(bind: method == .motion ? motion : nil), \
                    \(bind: electorate.kind.rawValue), \(bind: electorate.weightingCode), \(bind: electorate.day.iso), \
                    \(bind: roll.note), \(bind: times.nominationsOpen), \(bind: times.nominationsClose), \
                    \(bind: times.votingOpen), \(bind: times.votingClose), 0, \(bind: demo), \(bind: user.username), \
                    \(bind: AuditChain.timestamp()))
                    RETURNING id
                    """
                ).first(decoding: ID.self)?.id
            else { throw FieldProblem(field: "title", message: "the election could not be saved; try again") }
            if method == .motion {
                for name in ["For", "Against"] {
                    try await db.raw(
                        """
                        INSERT INTO election_candidates (election_id, name, created_at) \
                        VALUES (\(bind: id), \(bind: name), \(bind: AuditChain.timestamp()))
                        """
                    ).run()
                }
            }
            try await issue(
                .election, id: id, title: title, roll: roll, opens: times.votingOpen, closes: times.votingClose, on: db)
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "election.create", entity: "elections",
                entityID: String(id),
                after: [
                    "title": title, "method": method.rawValue, "seats": String(seats), "roll": roll.note,
                    "entries": String(roll.entries.count), "votingOpen": Timetable.long(times.votingOpen),
                    "votingClose": Timetable.long(times.votingClose),
                ])
            return id
        }
    }

    struct Times {
        let nominationsOpen: Int64?
        let nominationsClose: Int64?
        let votingOpen: Int64
        let votingClose: Int64
    }

    static func timetable(_ input: Input, motion: Bool, now: Int64, problems: inout [FieldProblem]) -> Times? {
        let limit = now + 2 * 366 * 86_400
        func moment(_ text: String?, _ field: String, _ what: String) -> Int64? {
            guard let t = Timetable.parse(text), t > now - 86_400, t < limit else {
                problems.append(
                    FieldProblem(
                        field: field, message: "give when \(what) as a date and time within the next two years"))
                return nil
            }
            return t
        }
        var nominationsOpen: Int64?
        var nominationsClose: Int64?
        if !motion {
            nominationsOpen = moment(input.nominationsOpen, "nominations_open", "nominations open")
            nominationsClose = moment(input.nominationsClose, "nominations_close", "nominations close")
            if let o = nominationsOpen, let c = nominationsClose, c <= o {
                problems.append(
                    FieldProblem(field: "nominations_close", message: "nominations must close after they open"))
            }
        }
        let votingOpen = moment(input.votingOpen, "voting_open", "voting opens")
        let votingClose = moment(input.votingClose, "voting_close", "voting closes")
        if let c = nominationsClose, let v = votingOpen, v < c {
            problems.append(FieldProblem(field: "voting_open", message: "voting opens once nominations have closed"))
        }
        if let o = votingOpen, let c = votingClose, c <= o {
            problems.append(FieldProblem(field: "voting_close", message: "voting must close after it opens"))
        }
        guard let votingOpen, let votingClose, motion || (nominationsOpen != nil && nominationsClose != nil) else {
            return nil
        }
        return Times(
            nominationsOpen: nominationsOpen, nominationsClose: nominationsClose, votingOpen: votingOpen,
            votingClose: votingClose)
    }

    /// Writes a roll, each entry with the digest of its credential, and tells each voter (for a
    /// practice, each of its practice managers) their single-use link. The link's token is sealed
    /// in the outbox and cleared once the email is sent.
    static func issue(
        _ poll: Poll, id: Int64, title: String, roll: Roll.Drawn, opens: Int64, closes: Int64, on db: any SQLDatabase
    ) async throws {
        let (entries, credentials, managers) = (roll.entries, roll.credentials, roll.managers)
        try await Store.insert(
            into: "engagement_roll",
            columns: [
                "poll", "poll_id", "person_id", "practice_code", "group_code", "label", "weight", "credential_digest",
                "done",
            ],
            rows: zip(entries, credentials).map { e, token in
                [poll.rawValue, id, e.personID, e.practice, e.group, e.label, e.weight, Tokens.digest(token), false]
            }, on: db)
        let what = poll == .election ? "vote" : "answer"
        let link = poll == .election ? ElectionsURL.ballotLink : SurveysURL.answerLink
        let page = poll == .election ? ElectionsURL.election(.value(id)).path : SurveysURL.survey(.value(id)).path
        for (e, token) in zip(entries, credentials) {
            let people = e.personID.map { [$0] } ?? e.practice.flatMap { managers[$0] } ?? []
            for person in people {
                try await Outbox.add(
                    Outbox.Message(
                        personID: person, kind: poll == .election ? .ballot : .survey,
                        subject: poll == .election ? "Your ballot: \(title)" : "Survey: \(title)",
                        body: "You are on the roll\(e.practice != nil && e.personID == nil ? " for \(e.label)" : ""). "
                            + "You can \(what) from \(Timetable.long(opens)) until \(Timetable.long(closes)) "
                            + "(UK time). "
                            + "The link in the email is yours alone and works once; or sign in to Consort and open "
                            + "\(page).",
                        link: link, eventKey: "\(poll.rawValue):\(id):\(Tokens.digest(token)):\(person)",
                        secret: token, page: page),
                    on: db)
            }
        }
    }
}
