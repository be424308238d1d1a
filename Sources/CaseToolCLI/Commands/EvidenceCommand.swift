import ArgumentParser
import CaseStore
import Foundation

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Attach evidence (a URL, archive link or document reference) to a case.",
        usage: "casetool evidence <id> <reference> [<options>]",
        discussion: """
            Examples:
              casetool evidence 12 https://web.archive.org/web/2024/https://x.com/a/1
              casetool evidence 12 "Screenshot in the legal hold folder, ref LH-881"
            """)

    @OptionGroup var target: TargetOptions

    @Argument(help: "The case id.") var id: String
    @Argument(help: "The reference.") var reference: String

    func run() throws {
        let caseID = try OptionValues.caseID(id)
        try target.open().addEvidence(caseID: caseID, reference: reference, at: nil)
        Console.message("case \(caseID): evidence added")
    }
}
