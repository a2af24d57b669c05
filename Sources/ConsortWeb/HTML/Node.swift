import Charts

/// A piece of HTML, built in Swift and rendered with every text and attribute escaped.
/// Values are plain `Sendable` data, built and rendered inside a handler.
package struct Node: Sendable {
    package indirect enum Storage: Sendable {
        case element(String, [Attribute], [Node])
        case void(String, [Attribute])
        case text(String)
        case raw(String)
        case fragment([Node])
    }

    package let storage: Storage

    package static func element(_ name: String, _ attributes: [Attribute] = [], _ children: [Node] = []) -> Node {
        Node(storage: .element(name, attributes, children))
    }

    package static func text(_ value: String) -> Node { Node(storage: .text(value)) }

    /// Markup that is already safe (SVG built by the Charts module, which escapes its text).
    package static func raw(_ value: String) -> Node { Node(storage: .raw(value)) }

    package static func fragment(_ nodes: [Node]) -> Node { Node(storage: .fragment(nodes)) }

    package static let empty = Node(storage: .fragment([]))

    package func render(into out: inout String) {
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

    package var rendered: String {
        var out = ""
        out.reserveCapacity(16_384)
        render(into: &out)
        return out
    }

    package init(storage: Storage) {
        self.storage = storage
    }
}

package struct Attribute: Sendable {
    package let name: String
    /// nil for a boolean attribute written without a value (`required`).
    package let value: String?

    package func render(into out: inout String) {
        out += " " + name
        if let value { out += "=\"" + escapeXML(value) + "\"" }
    }

    package static func `class`(_ value: String) -> Attribute { Attribute(name: "class", value: value) }
    package static func id(_ value: String) -> Attribute { Attribute(name: "id", value: value) }
    package static func href(_ value: String) -> Attribute { Attribute(name: "href", value: value) }
    package static func name(_ value: String) -> Attribute { Attribute(name: "name", value: value) }
    package static func value(_ value: String) -> Attribute { Attribute(name: "value", value: value) }
    package static func type(_ value: String) -> Attribute { Attribute(name: "type", value: value) }
    package static func `for`(_ value: String) -> Attribute { Attribute(name: "for", value: value) }
    package static func aria(_ key: String, _ value: String) -> Attribute {
        Attribute(name: "aria-" + key, value: value)
    }
    package static func data(_ key: String, _ value: String) -> Attribute {
        Attribute(name: "data-" + key, value: value)
    }
    package static func attr(_ name: String, _ value: String) -> Attribute { Attribute(name: name, value: value) }
    package static let selected = Attribute(name: "selected", value: nil)

    package init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

@resultBuilder
package enum HTMLBuilder {
    package static func buildBlock(_ parts: [Node]...) -> [Node] { parts.flatMap { $0 } }
    package static func buildExpression(_ node: Node) -> [Node] { [node] }
    package static func buildExpression(_ nodes: [Node]) -> [Node] { nodes }
    package static func buildExpression(_ text: String) -> [Node] { [.text(text)] }
    package static func buildOptional(_ nodes: [Node]?) -> [Node] { nodes ?? [] }
    package static func buildEither(first nodes: [Node]) -> [Node] { nodes }
    package static func buildEither(second nodes: [Node]) -> [Node] { nodes }
    package static func buildArray(_ parts: [[Node]]) -> [Node] { parts.flatMap { $0 } }
    package static func buildLimitedAvailability(_ nodes: [Node]) -> [Node] { nodes }
}

/// Element helpers, named after the tags.
package enum H {
    package static func el(_ name: String, _ attributes: [Attribute], @HTMLBuilder _ content: () -> [Node]) -> Node {
        .element(name, attributes, content())
    }

    /// Nodes without an element around them.
    package static func fragment(@HTMLBuilder _ content: () -> [Node]) -> Node { .fragment(content()) }
    package static func div(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("div", a, c) }
    package static func span(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("span", a, c) }
    package static func p(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("p", a, c) }
    package static func h1(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("h1", a, c) }
    package static func h2(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("h2", a, c) }
    package static func h3(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("h3", a, c) }
    package static func h4(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("h4", a, c) }
    package static func nav(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("nav", a, c) }
    package static func ul(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("ul", a, c) }
    package static func ol(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("ol", a, c) }
    package static func li(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("li", a, c) }
    package static func dl(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("dl", a, c) }
    package static func dt(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("dt", a, c) }
    package static func dd(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("dd", a, c) }
    package static func strong(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("strong", a, c) }
    package static func form(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("form", a, c) }
    package static func label(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("label", a, c) }
    package static func button(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("button", a, c) }
    package static func select(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("select", a, c) }
    package static func table(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("table", a, c) }
    package static func caption(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("caption", a, c) }
    package static func thead(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("thead", a, c) }
    package static func tbody(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("tbody", a, c) }
    package static func tr(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("tr", a, c) }
    package static func th(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("th", a, c) }
    package static func td(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("td", a, c) }
    package static func details(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("details", a, c) }
    package static func summary(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("summary", a, c) }
    package static func pre(_ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node { el("pre", a, c) }
    package static func textarea(_ a: Attribute..., text: String) -> Node { .element("textarea", a, [.text(text)]) }

    package static func a(_ href: String, _ a: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
        el("a", [.href(href)] + a, c)
    }

    package static func link(_ href: String, _ text: String, _ a: Attribute...) -> Node {
        .element("a", [.href(href)] + a, [.text(text)])
    }

    package static func input(_ a: Attribute...) -> Node { Node(storage: .void("input", a)) }

    package static func option(_ value: String, _ label: String, selected: Bool) -> Node {
        .element("option", [.value(value)] + (selected ? [.selected] : []), [.text(label)])
    }
}
