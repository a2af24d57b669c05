import ConsortCore

extension Snapshot {
    /// The configuration a complete snapshot describes, for checks that work straight from a
    /// dataset directory (`consort check --data DIR`) without a database.
    public func configuration(date fallback: Day) -> Configuration {
        let day = date ?? fallback
        let practices = self.practices.map { p in
            Configuration.Practice(
                code: p.code, name: p.name ?? p.code,
                point: p.easting.flatMap { e in p.northing.map { (x: e, y: $0) } },
                listSize: p.listSize ?? 0, listSizeOn: p.listSize == nil ? nil : day, imdScore: p.imdScore,
                imdDecile: p.imdDecile)
        }
        var members: [String: [Int]] = [:]
        for (i, p) in self.practices.enumerated() {
            for claim in p.memberships { if let code = claim.code { members[code, default: []].append(i) } }
        }
        let groups = self.groups.map { g in
            Configuration.Group(
                code: g.code, name: g.name ?? g.code, kind: g.kind, parent: g.parent, members: members[g.code] ?? [],
                published: g.patients.map { .init(patients: $0, on: day, source: source(of: g.kind)) })
        }
        return Configuration(date: day, practices: practices, groups: groups)
    }

    /// Where the snapshot's published group totals of a kind come from, for figures' sources.
    public func source(of kind: GroupKind) -> String {
        format == .consort ? "Consort dataset, \(ConsortLayoutReader.file(of: kind))" : format.label
    }
}
