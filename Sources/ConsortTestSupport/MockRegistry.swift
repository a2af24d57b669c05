import ConsortCore
import ConsortWeb
import Foundation

/// A practice for a registry made by hand.
package struct MockPractice {
    package var code: String
    package var name: String
    package var patients: Int?
    package var postcode: String?
    package var imd: Double?
    /// Grid position in metres (easting, northing), for the maps.
    package var at: (Int, Int)?

    package init(
        _ code: String, _ name: String, patients: Int?, postcode: String? = nil, imd: Double? = nil,
        at: (Int, Int)? = nil
    ) {
        self.code = code
        self.name = name
        self.patients = patients
        self.postcode = postcode
        self.imd = imd
        self.at = at
    }
}

/// A group for a registry made by hand: its parent and its member practices' codes.
package struct MockGroup {
    package var code: String
    package var kind: GroupKind
    package var name: String
    package var parent: String?
    package var members: [String]
    package var from: Day
    package var source: String

    package init(
        _ code: String, _ kind: GroupKind, _ name: String, parent: String? = nil, members: [String] = [],
        from: Day = Day(year: 2020, month: 1, day: 1)!, source: String = "nhs"
    ) {
        self.code = code
        self.kind = kind
        self.name = name
        self.parent = parent
        self.members = members
        self.from = from
        self.source = source
    }
}

/// The registry at `date` made of the given practices and groups, assembled as the loader
/// assembles what it reads: for page and view tests that need no database.
package func mockRegistry(
    date: Day = Day(year: 2022, month: 1, day: 1)!, practices: [MockPractice], groups: [MockGroup]
) -> RegistryView {
    let infos = practices.sorted { $0.code < $1.code }.map { p in
        PracticeInfo(
            code: p.code, name: p.name, postcode: p.postcode, latitude: nil, longitude: nil, easting: p.at?.0,
            northing: p.at?.1, imdScore: p.imd, imdDecile: nil, rurality: nil, contractType: nil, dispensing: nil,
            address: nil, phone: nil, odsStatus: nil, knownFrom: Day(year: 2020, month: 1, day: 1)!, closedOn: nil,
            listSize: p.patients, listSizeOn: p.patients == nil ? nil : date)
    }
    let groupInfos = groups.map { g in
        GroupInfo(
            code: g.code, kind: g.kind, name: g.name, onsCode: nil, legalForm: nil, description: nil,
            validFrom: g.from, validTo: nil, source: g.source, createdBy: nil)
    }
    return RegistryView.assemble(
        date: date, version: 1, latestSnapshot: date, practices: infos, groups: groupInfos,
        links: groups.compactMap { g in g.parent.map { RegistryView.Link(childCode: g.code, parentCode: $0) } },
        memberships: groups.flatMap { g in
            g.members.map { RegistryView.Member(practiceCode: $0, groupCode: g.code, kind: g.kind) }
        })
}

/// A page context made by hand: signed out (or as `user`), at `date` if given, on `path`.
package func mockContext(path: String, date: Day? = nil, user: CurrentUser? = nil) -> PageContext {
    PageContext(
        user: user, csrfToken: user == nil ? nil : "test-token", date: date ?? Day(year: 2022, month: 1, day: 1)!,
        dateGiven: date != nil, path: path, latestSnapshot: nil)
}

/// The text of an HTML page with its tags removed and its whitespace collapsed, for asserting
/// what a reader sees.
package func visibleText(_ html: String) -> String {
    var out = ""
    var inTag = false
    for c in html {
        if c == "<" {
            inTag = true
            out.append(" ")
        } else if c == ">" {
            inTag = false
        } else if !inTag {
            out.append(c)
        }
    }
    let entities = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")]
    for (entity, character) in entities { out = out.replacingOccurrences(of: entity, with: character) }
    return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}
