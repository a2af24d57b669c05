import ConsortCore
import Foundation

/// The kinds of interest NHS England's conflicts of interest guidance names.
public enum InterestKind: String, Sendable, Codable, CaseIterable {
    case financial
    case nonFinancialProfessional = "non-financial-professional"
    case nonFinancialPersonal = "non-financial-personal"
    case indirect
    /// A nil return: the person declares that they have no interests.
    case none = "nil"

    public var label: String {
        switch self {
        case .financial: return "Financial"
        case .nonFinancialProfessional: return "Non-financial professional"
        case .nonFinancialPersonal: return "Non-financial personal"
        case .indirect: return "Indirect"
        case .none: return "Nil return"
        }
    }
}

/// A declared interest of a person, possibly in an organisation of the registry (a practice or
/// a group, by code).
public struct Declaration: Sendable, Equatable, Codable {
    public let id: String
    public let person: String
    public let kind: InterestKind
    /// The registry code of the organisation the interest is in, when it is one.
    public let organisation: String?
    /// What the interest is, as declared ("Partner", "Director of Acme Ltd").
    public let description: String
    public let from: Day
    public let to: Day?

    public init(
        id: String, person: String, kind: InterestKind, organisation: String?, description: String, from: Day, to: Day?
    ) {
        self.id = id
        self.person = person
        self.kind = kind
        self.organisation = organisation
        self.description = description
        self.from = from
        self.to = to
    }

    public func isActive(on day: Day) -> Bool { from <= day && (to.map { day <= $0 } ?? true) }
}

/// A person's role at an organisation of the registry (a partner at a practice, a director of
/// a federation): the organisation graph the conflict search walks.
public struct Affiliation: Sendable, Equatable, Codable {
    public let person: String
    public let organisation: String
    public let role: String
    public let from: Day
    public let to: Day?
    /// How the role reads before the organisation: "GP partner *at* the practice", "works hub
    /// sessions *for* the federation".
    public let preposition: String

    public init(person: String, organisation: String, role: String, from: Day, to: Day?, preposition: String = "at") {
        self.person = person
        self.organisation = organisation
        self.role = role
        self.from = from
        self.to = to
        self.preposition = preposition
    }

    public func isActive(on day: Day) -> Bool { from <= day && (to.map { day <= $0 } ?? true) }
}

/// A seat on a board: the person sits on the board of `body` (a consortium, locality or federation).
public struct Seat: Sendable, Equatable, Codable {
    public let person: String
    public let board: String
    public let body: String
    public let role: BoardRole
    public let from: Day
    public let to: Day?

    public init(person: String, board: String, body: String, role: BoardRole, from: Day, to: Day?) {
        self.person = person
        self.board = board
        self.body = body
        self.role = role
        self.from = from
        self.to = to
    }

    public func isActive(on day: Day) -> Bool { from <= day && (to.map { day <= $0 } ?? true) }
}

public enum BoardRole: String, Sendable, Codable, CaseIterable {
    case chair, lay
    case gp = "gp"
    case executive, other

    public var label: String {
        switch self {
        case .chair: return "Chair"
        case .lay: return "Lay member"
        case .gp: return "GP member"
        case .executive: return "Executive"
        case .other: return "Other member"
        }
    }
}

/// An organisation an agenda item concerns, and how.
public struct ItemOrganisation: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// The item is about it (a contract it holds, a service it runs).
        case subject
        /// It bids for the contract the item decides.
        case bidder
    }
    public let code: String
    public let name: String
    public let role: Role

    public init(code: String, name: String, role: Role) {
        self.code = code
        self.name = name
        self.role = role
    }

    var phrase: String {
        role == .bidder
            ? "\(name) (\(code)) is bidding for this item's contract" : "this item concerns \(name) (\(code))"
    }
}

/// One reason a person is conflicted on an item, with the chain that leads from them to it.
public struct Conflict: Sendable, Equatable, Codable {
    public enum Source: String, Sendable, Codable {
        /// From the person's own declaration.
        case declared
        /// Found in the organisation graph, whether or not declared.
        case derived
    }
    public let person: String
    public let source: Source
    /// Person → … → the item, one link per step.
    public let chain: [String]
    public let organisation: String

    public var reason: String { chain.joined(separator: " → ") }
}

/// The registry's memberships at the meeting's date: which groups each practice belongs to.
public struct OrganisationGraph: Sendable {
    public let names: [String: String]
    /// Practice code → codes of the groups it is a member of.
    public let groupsOf: [String: [String]]

    public init(names: [String: String], groupsOf: [String: [String]]) {
        self.names = names
        self.groupsOf = groupsOf
    }

    func name(_ code: String) -> String { names[code].map { "\($0) (\(code))" } ?? code }
}

public enum ConflictFinder {
    /// Every conflict of each person on an item, on the meeting's day: from their declarations
    /// and from the organisation graph — their roles at practices and groups, the groups those
    /// practices belong to, and their seats on other bodies' boards — wherever the path reaches
    /// an organisation the item concerns or a bidder for it. Each conflict carries its chain.
    ///
    /// - Parameters:
    ///   - board: the board deciding; seats on it are not themselves conflicts.
    public static func conflicts(
        people: [String: String], item: [ItemOrganisation], day: Day, board: String,
        declarations: [Declaration], affiliations: [Affiliation], seats: [Seat],
        graph: OrganisationGraph
    ) -> [Conflict] {
        let targets = Dictionary(item.map { ($0.code, $0) }, uniquingKeysWith: { a, b in a.role == .bidder ? a : b })
        var out: [Conflict] = []
        var seen = Set<String>()
        func add(_ person: String, _ source: Conflict.Source, _ chain: [String], _ organisation: String) {
            let key = "\(person)|\(source)|\(chain.joined(separator: "|"))"
            guard seen.insert(key).inserted else { return }
            out.append(Conflict(person: person, source: source, chain: chain, organisation: organisation))
        }
        /// From a link to `code`, the item's organisations reached: `code` itself, or a group it is a member of.
        func reach(_ person: String, _ source: Conflict.Source, _ start: [String], _ code: String) {
            if let t = targets[code] { add(person, source, start + [t.phrase], code) }
            for group in graph.groupsOf[code] ?? [] {
                if let t = targets[group] {
                    add(
                        person, source, start + ["\(graph.name(code)) is a member of \(graph.name(group))", t.phrase],
                        group)
                }
            }
        }
        for (person, name) in people.sorted(by: { $0.key < $1.key }) {
            for d in declarations where d.person == person && d.kind != .none && d.isActive(on: day) {
                guard let code = d.organisation else { continue }
                let kind = d.kind.label.lowercased()
                reach(
                    person, .declared,
                    [
                        name,
                        "declared \(kind.hasPrefix("i") ? "an" : "a") \(kind) interest in \(graph.name(code)): "
                            + "\(d.description)",
                    ], code)
            }
            for a in affiliations where a.person == person && a.isActive(on: day) {
                reach(
                    person, .derived, [name, "\(a.role) \(a.preposition) \(graph.name(a.organisation))"],
                    a.organisation)
            }
            for s in seats where s.person == person && s.board != board && s.isActive(on: day) {
                reach(
                    person, .derived, [name, "\(s.role.label.lowercased()) on the board of \(graph.name(s.body))"],
                    s.body)
            }
        }
        return out
    }
}
