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
}
