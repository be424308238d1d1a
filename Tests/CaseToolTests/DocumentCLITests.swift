import Foundation
import Testing

@Suite("casetool show as a case file, and notice")
struct DocumentCLITests {
    @Test("show --format markdown and html print the case file with its whole audit trail, escaping stored text")
    func caseFile() throws {
        let cli = try JourneyTests.initialised()
        _ = try JourneyTests.logKnownDataset(cli)
        try cli.succeed(["note", "2", "<script>alert(1)</script> | *not bold*", "--actor", "alice"])

        let markdown = try cli.succeed(["show", "2", "--format", "markdown"])
        #expect(markdown.hasPrefix("# Case 2: Instagram @b\n"))
        #expect(markdown.contains("| **Status** | reversed — action withdrawn |"))
        #expect(markdown.contains("## Rationale\n\n> Slur directed at a protected group"))
        let trail = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.dropFirst(2).first?.isNumber == true }
        #expect(trail.count == 5)  // created, actioned, appealed, reversed, the note
        #expect(markdown.contains(#"\<script\>alert(1)\</script\> \| \*not bold\*"#))
        #expect(!markdown.replacingOccurrences(of: "\\<", with: "").contains("<script"))

        let html = try cli.succeed(["show", "2", "--format", "html"])
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("default-src 'none'"))
        #expect(html.contains("<h2>History</h2>"))
        #expect(html.components(separatedBy: "<tr><td class=\"num\">").count - 1 == 5)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script"))

        let asOf = try cli.succeed(["show", "2", "--as-of", "2024-01-12T12:00:00Z", "--format", "markdown"])
        #expect(asOf.contains("As of 2024-01-12T12:00:00Z, rebuilt from 3 events."))
        #expect(asOf.contains("| **Status** | appealed"))
    }

    @Test("notice states action and duration, policy, facts, detection, automation and how to appeal")
    func notice() throws {
        let cli = try JourneyTests.initialised()
        _ = try JourneyTests.logKnownDataset(cli)
        let first = try cli.succeed(["notice", "1", "--appeal-contact", "https://example.com/appeals"])
        #expect(first.hasPrefix("Statement of reasons: content removed\n"))
        #expect(first.contains("your account @a on Instagram (case 1)"))
        #expect(first.contains("We removed the content on 2024-01-10."))
        #expect(first.contains("Our policy \"Hate Speech\" (hate-speech)."))
        #expect(first.contains("  Slur directed at a protected group"))
        #expect(first.contains("Someone reported it to us."))
        #expect(first.contains("A person took the decision; it was not automated."))
        #expect(first.replacingOccurrences(of: "\n", with: " ").contains("To appeal, use https://example.com/appeals, quoting case 1."))
        #expect(first.contains("out-of-court dispute settlement"))

        let reversed = try cli.succeed(["notice", "2", "--format", "markdown"])
        #expect(reversed.contains("## How to appeal"))
        #expect(reversed.contains("Your appeal succeeded: the decision was reversed on 2024-01-13 and no longer applies."))
        #expect(reversed.contains("nothing to appeal"))
        #expect(try cli.succeed(["notice", "3"]).contains("Your appeal was reviewed and the decision was upheld on 2024-02-03."))
        // Every sentence whole: the upheld notice's further-appeal line is one sentence, not "case 3. if".
        let upheld = try cli.succeed(["notice", "3", "--appeal-contact", "https://example.com/appeals"])
            .replacingOccurrences(of: "\n", with: " ")
        #expect(upheld.contains("Your appeal was decided. If you have new information, use https://example.com/appeals, quoting case 3."))
        #expect(!upheld.contains(". if "))

        let suspended = try cli.succeed([
            "new", "--platform", "X", "--handle", "z", "--policy", "spam", "--action", "suspend", "--ends-at", "2024-03-08T00:00:00Z",
            "--source", "automated", "--automated-decision", "fully", "--rationale", "Bulk posting", "--opened-at", "2024-03-01",
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.succeed(["status", suspended, "actioned", "--reason", "spam wave", "--at", "2024-03-01T00:00:00Z"])
        let suspension = try cli.succeed(["notice", suspended])
        #expect(suspension.contains("We suspended the account from 2024-03-01 until 2024-03-08 (7 days)."))
        #expect(suspension.contains("Our automated systems detected it"))
        #expect(suspension.contains("taken by automated means alone"))

        let dismissed = try cli.run(["notice", "4"])
        #expect(dismissed.status == 65 && dismissed.stdout.isEmpty)
        #expect(dismissed.stderr.contains("casetool: error: case 4: no notice yet: it is dismissed, and a notice follows a decision to act"))
        #expect(try cli.run(["notice", "99"]).status != 0)
    }

    @Test("in the HTML case file, web evidence is a link that opens without a referrer; nothing else becomes one")
    func evidenceLinks() throws {
        let cli = try JourneyTests.initialised()
        let id = try JourneyTests.logKnownDataset(cli)[0]
        for reference in ["https://example.org/archive/1", "javascript:alert(1)", "data:text/html,<b>x</b>",
                          "http://example.org/\"onmouseover=\"x", "ftp://example.org/f", "https://exa\u{200B}mple.org/"] {
            try cli.succeed(["evidence", id, reference])
        }
        let html = try cli.succeed(["show", id, "--format", "html"])
        #expect(html.contains("<a href=\"https://example.org/archive/1\" rel=\"noopener noreferrer\">"))
        #expect(html.components(separatedBy: "<a href=").count - 1 == 2, "only the two web addresses are links")
        #expect(html.contains("<a href=\"http://example.org/&quot;onmouseover=&quot;x\" rel=\"noopener noreferrer\">"))
        for inert in ["javascript:alert(1)", "data:text/html,&lt;b&gt;x&lt;/b&gt;", "ftp://example.org/f"] {
            #expect(html.contains("<li>\(inert) (added by"), "\(inert)")
        }
        #expect(html.contains("<td class=\"time\">2024-01-10T00:00:00Z</td>"), "times do not wrap")
    }
}
