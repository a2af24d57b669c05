import Charts

/// A piece of HTML, built in Swift and rendered with every text and attribute escaped.
/// Values are plain `Sendable` data, built and rendered inside a handler.
struct Node: Sendable {
    indirect enum Storage: Sendable {
        case element(String, [Attribute], [Node])
        case void(String, [Attribute])
        case text(String)
        case raw(String)
        case fragment([Node])
    }

    let storage: Storage

    static func element(_ name: String, _ attributes: [Attribute] = [], _ children: [Node] = []) -> Node {
        Node(storage: .element(name, attributes, children))
    }

    static func text(_ value: String) -> Node { Node(storage: .text(value)) }

    /// Markup that is already safe (SVG built by the Charts module, which escapes its text).
    static func raw(_ value: String) -> Node { Node(storage: .raw(value)) }

    static func fragment(_ nodes: [Node]) -> Node { Node(storage: .fragment(nodes)) }

    static let empty = Node(storage: .fragment([]))

    func render(into out: inout String) {
        switch storage {
        case .text(let value): out += escapeXML(value)
        case .raw(let value): out += value
        case .fragment(let nodes): for node in nodes { node.render(into: &out) }
        case .void(let name, let attributes):
            out += "<" + name
            for attribute in attributes { attribute.render(into: &out) }
            out += ">"
        case .element(let name, let attributes, let children):
            out += "<" + name
            for attribute in attributes { attribute.render(into: &out) }
            out += ">"
            for child in children { child.render(into: &out) }
            out += "</" + name + ">"
        }
    }

    var rendered: String {
        var out = ""
        out.reserveCapacity(16_384)
        render(into: &out)
        return out
    }
}

struct Attribute: Sendable {
    let name: String
    /// nil for a boolean attribute written without a value (`required`).
    let value: String?

    func render(into out: inout String) {
        out += " " + name
        if let value { out += "=\"" + escapeXML(value) + "\"" }
    }

    static func `class`(_ value: String) -> Attribute { Attribute(name: "class", value: value) }
    static func id(_ value: String) -> Attribute { Attribute(name: "id", value: value) }
    static func href(_ value: String) -> Attribute { Attribute(name: "href", value: value) }
    static func name(_ value: String) -> Attribute { Attribute(name: "name", value: value) }
    static func value(_ value: String) -> Attribute { Attribute(name: "value", value: value) }
    static func type(_ value: String) -> Attribute { Attribute(name: "type", value: value) }
    static func `for`(_ value: String) -> Attribute { Attribute(name: "for", value: value) }
    static func aria(_ key: String, _ value: String) -> Attribute { Attribute(name: "aria-" + key, value: value) }
    static func data(_ key: String, _ value: String) -> Attribute { Attribute(name: "data-" + key, value: value) }
    static func attr(_ name: String, _ value: String) -> Attribute { Attribute(name: name, value: value) }
    static let selected = Attribute(name: "selected", value: nil)
}

@resultBuilder
enum HTMLBuilder {
    static func buildBlock(_ parts: [Node]...) -> [Node] { parts.flatMap { $0 } }
    static func buildExpression(_ node: Node) -> [Node] { [node] }
    static func buildExpression(_ nodes: [Node]) -> [Node] { nodes }
    static func buildExpression(_ text: String) -> [Node] { [.text(text)] }
    static func buildOptional(_ nodes: [Node]?) -> [Node] { nodes ?? [] }
    static func buildEither(first nodes: [Node]) -> [Node] { nodes }
    static func buildEither(second nodes: [Node]) -> [Node] { nodes }
    static func buildArray(_ parts: [[Node]]) -> [Node] { parts.flatMap { $0 } }
    static func buildLimitedAvailability(_ nodes: [Node]) -> [Node] { nodes }
}

/// Element helpers, named after the tags.
enum H {
    static func el(_ name: String, _ attributes: [Attribute], @HTMLBuilder _ content: () -> [Node]) -> Node {
        .element(name, attributes, content())
    }

    static func div(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("div", a, c) }
    static func span(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("span", a, c) }
    static func p(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("p", a, c) }
    static func h1(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("h1", a, c) }
    static func h2(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("h2", a, c) }
    static func h3(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("h3", a, c) }
    static func h4(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("h4", a, c) }
    static func nav(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("nav", a, c) }
    static func ul(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("ul", a, c) }
    static func ol(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("ol", a, c) }
    static func li(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("li", a, c) }
    static func dl(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("dl", a, c) }
    static func dt(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("dt", a, c) }
    static func dd(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("dd", a, c) }
    static func strong(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("strong", a, c) }
    static func form(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("form", a, c) }
    static func label(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("label", a, c) }
    static func button(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("button", a, c) }
    static func select(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("select", a, c) }
    static func table(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("table", a, c) }
    static func caption(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("caption", a, c) }
    static func thead(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("thead", a, c) }
    static func tbody(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("tbody", a, c) }
    static func tr(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("tr", a, c) }
    static func th(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("th", a, c) }
    static func td(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("td", a, c) }
    static func details(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("details", a, c) }
    static func summary(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("summary", a, c) }
    static func pre(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("pre", a, c) }
    static func textarea(_ a: Attribute..., text: String) -> Node { .element("textarea", a, [.text(text)]) }

    static func a(_ href: String, _ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
        el("a", [.href(href)] + a, c)
    }

    static func link(_ href: String, _ text: String, _ a: Attribute...) -> Node {
        .element("a", [.href(href)] + a, [.text(text)])
    }

    static func input(_ a: Attribute...) -> Node { Node(storage: .void("input", a)) }

    static func option(_ value: String, _ label: String, selected: Bool) -> Node {
        .element("option", [.value(value)] + (selected ? [.selected] : []), [.text(label)])
    }
}
