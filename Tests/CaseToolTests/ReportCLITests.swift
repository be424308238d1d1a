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
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        for id in ["summary", "cases-per-policy", "actions-over-time", "appeal-outcomes", "figures", "definitions"] {
            #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        #expect(html.contains("default-src 'none'"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("url("))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        // Every metric is defined on the page.
        #expect(html.contains("<dt>appeal_success_rate</dt>") && html.contains("<dt>repeat_offenders</dt>"))
        // The appeal chart shows case 2 reversed after appeal and case 3 upheld.
        #expect(html.contains("hate-speech: upheld 1") && html.contains("hate-speech: reversed after appeal 1"))
        #expect(html.contains("2024-02: remove_content 2"))
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
        #expect(dom.stdout.components(separatedBy: "<svg ").count - 1 == 3)
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
        let tooBig = try cli.run(["report", "--by", "period,policy,action,source", "--period", "day", "--since", "1980-01-01", "--until", "2024-12-31"])
        #expect(tooBig.status == 65 && tooBig.stderr.contains("--omit-empty"))
        #expect(tooBig.stdout.isEmpty)
    }
}
