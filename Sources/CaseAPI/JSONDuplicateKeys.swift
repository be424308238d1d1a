import Foundation

/// Finds a key given twice in one object of a JSON document. Foundation's parser keeps one of
/// them without a word, so `{"to":"upheld","to":"open"}` would mean whichever it kept; casetool's
/// own case parser refuses the same, and request bodies must agree with it.
public enum JSONDuplicateKeys {
    /// The first repeated key, as a path (`transitions[2].to`), in `bytes`, which must already be
    /// valid JSON (checked by the caller's parse).
    public static func first(in bytes: [UInt8]) -> String? {
        /// One open object or array: its keys so far, the key or index the next value has.
        struct Container {
            let isObject: Bool
            var keys: Set<String> = []
            var expectingKey: Bool
            var current: String?
            var index = 0
        }
        var stack: [Container] = []
        var position = 0
        func path(_ last: String) -> String {
            var text = ""
            for container in stack.dropLast() {
                if container.isObject, let key = container.current {
                    text += text.isEmpty ? key : "." + key
                } else if !container.isObject {
                    text += "[\(container.index)]"
                }
            }
            return text.isEmpty ? last : text + "." + last
        }
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(Container(isObject: true, expectingKey: true))
            case UInt8(ascii: "["):
                stack.append(Container(isObject: false, expectingKey: false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
            case UInt8(ascii: ","):
                if let last = stack.indices.last {
                    if stack[last].isObject { stack[last].expectingKey = true } else { stack[last].index += 1 }
                }
            case UInt8(ascii: "\""):
                let start = position
                position += 1
                while position < bytes.count && bytes[position] != UInt8(ascii: "\"") {
                    position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
                }
                if let last = stack.indices.last, stack[last].isObject, stack[last].expectingKey {
                    let literal = Data(bytes[start...min(position, bytes.count - 1)])
                    // Escapes decoded, so that "to" and "\u0074o" are the same key.
                    let key = (try? JSONSerialization.jsonObject(with: literal, options: [.fragmentsAllowed])) as? String ?? ""
                    if !stack[last].keys.insert(key).inserted { return path(key) }
                    stack[last].expectingKey = false
                    stack[last].current = key
                }
            default:
                break
            }
            position += 1
        }
        return nil
    }
}
