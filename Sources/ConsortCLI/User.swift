import ArgumentParser
import ConsortApp
import ConsortCore
import ConsortWeb
import Foundation
import PlanningWeb
import RegistryWeb

/// `consort user`: accounts from the command line.
struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create and list accounts, set passwords, issue API tokens.",
        subcommands: [Create.self, List.self, Password.self, Token.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account.",
            discussion: """
                Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")). Every role but administrator and \
                public is \
                held for an organisation, given after a colon: --role consortium-officer:16C, --role \
                federation-manager:FED-0001, \
                --role practice-manager:A81001. Repeat --role for several.

                The password is read from standard input (one line) with --password-stdin; otherwise a strong one is \
                generated and printed once.
                """)

        @Option(help: "Lower-case letters, digits, '.', '-' and '_'; 3 to 40 characters.")
        var username: String

        @Option(help: "The person's name as the pages show it.")
        var name: String?

        @Option(help: "ROLE or ROLE:SCOPE (repeatable).")
        var role: [String]

        @Flag(help: "Read the password from standard input.")
        var passwordStdin = false

        func run() async throws {
            var grants: [RoleGrant] = []
            for text in role {
                let name = text.prefix { $0 != ":" }
                let scope = text.dropFirst(name.count + 1)
                guard let r = Role(rawValue: String(name)) else {
                    warn(
                        "consort user create: --role \(text): '\(name)' is not a role; use one of "
                            + "\(Role.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                    throw Exit.badInput
                }
                grants.append(RoleGrant(role: r, scope: scope.isEmpty ? nil : scope.uppercased()))
            }
            let (password, generated) = try readPassword(passwordStdin)
            let config = try loadConfig()
            try await withConsort(config) { consort in
                do {
                    try await consort.createUser(
                        username: username, displayName: name ?? username, password: password,
                        grants: grants, actor: "cli:user")
                } catch let problem as Accounts.Problem {
                    warn("consort user create: \(problem.description)")
                    throw Exit.badInput
                }
            }
            let roles = grants.map { g in g.scope.map { "\(g.role.rawValue) for \($0)" } ?? g.role.rawValue }
            say("Created account \(username) (\(roles.joined(separator: ", "))).")
            if generated { say("Password (shown once): \(password)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts and their roles.")

        func run() async throws {
            let config = try loadConfig()
            let users = try await withConsort(config) { try await $0.listUsers() }
            if users.isEmpty {
                say("No accounts yet. Create one with: consort user create --username NAME --role administrator")
            }
            for u in users {
                let roles = u.roles.map { g in g.scope.map { "\(g.role.rawValue):\($0)" } ?? g.role.rawValue }.joined(
                    separator: ", ")
                let flags = (u.isDemo ? "\tdemo" : "") + (u.disabled ? "\tdisabled" : "")
                say("\(u.username)\t\(u.displayName)\t\(roles)\(flags)")
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an account's password (ends its sessions).")

        @Argument var username: String

        @Flag(help: "Read the password from standard input.")
        var passwordStdin = false

        func run() async throws {
            let (password, generated) = try readPassword(passwordStdin)
            let config = try loadConfig()
            try await withConsort(config) { consort in
                do {
                    try await consort.setPassword(username: username, password: password, actor: "cli:user")
                } catch let problem as Accounts.Problem {
                    warn("consort user password: \(problem.description)")
                    throw Exit.badInput
                }
            }
            say("Password set for \(username).")
            if generated { say("Password (shown once): \(password)") }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an API token for an account (send it as Authorization: Bearer TOKEN).")

        @Argument var username: String

        @Option(help: "What the token is for, e.g. the system that uses it.")
        var label: String

        func run() async throws {
            let config = try loadConfig()
            let token: String = try await withConsort(config) { consort in
                do {
                    return try await consort.createToken(username: username, label: label, actor: "cli:user")
                } catch let problem as Accounts.Problem {
                    warn("consort user token: \(problem.description)")
                    throw Exit.badInput
                }
            }
            say(token)
        }
    }
}

/// A password from standard input, or a generated one.
func readPassword(_ fromStdin: Bool) throws -> (String, generated: Bool) {
    if fromStdin {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            warn("consort: --password-stdin was given but standard input held no password")
            throw Exit.badInput
        }
        return (line, false)
    }
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    let password = String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    return (password, true)
}
