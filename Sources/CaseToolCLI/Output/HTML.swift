import Foundation

enum HTML {
    /// A complete page. Its Content Security Policy lets nothing load: no scripts, images, fonts or
    /// styles from anywhere but the page itself, so it is self-contained and safe to open.
    static func page(title: String, style: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>\(escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// HTML's escaping, the only one every HTML renderer uses: stored text is shown as people read it
    /// (controls, direction overrides and invisible characters visible, as on a terminal) and can never
    /// become markup, an entity or an attribute's end.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in TerminalText.sanitized(text, keepNewlines: true) {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A reference as a link when it is a plain web address (http or https, a host, nothing a browser
    /// would read differently from what is shown), else as text: `javascript:`, `data:` and the like
    /// never become links. Links open without telling the target where they came from.
    static func reference(_ text: String) -> String {
        guard isWebAddress(text) else { return escape(text) }
        return "<a href=\"\(escape(text))\" rel=\"noopener noreferrer\">\(escape(text))</a>"
    }

    static func isWebAddress(_ text: String) -> Bool {
        // Only printable ASCII: no spaces, controls, invisible or look-alike characters in what is followed.
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }), text.utf8.count <= 2_000,
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              text.lowercased().hasPrefix(scheme + "://")
        else { return false }
        return true
    }
}
