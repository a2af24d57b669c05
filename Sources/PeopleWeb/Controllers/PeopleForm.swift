import ConsortWeb
import Vapor

/// A form of the directory's pages, read as name → text (each store function checks the fields
/// it reads and names the field at fault), and read back into the form when it is shown again.
package struct PeopleForm: Content, Sendable {
    package var values: [String: String]

    package init(_ values: [String: String] = [:]) {
        self.values = values
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var values: [String: String] = [:]
        for key in container.allKeys {
            if let text = try? container.decode(String.self, forKey: key) {
                values[key.stringValue] = text
            } else if let list = try? container.decode([String].self, forKey: key) {
                values[key.stringValue] = list.first
            }
        }
        self.values = values
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in values { try container.encode(value, forKey: Key(stringValue: key)) }
    }

    package subscript(_ name: String) -> String? { values[name] }
}
