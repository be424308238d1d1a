import Foundation
import SQLiteDatabase

/// The statement of reasons owed to the person affected by a decision (DSA Article 17(3); the Santa
/// Clara Principles' notice): what was done and for how long, under which rule, on which facts, how
/// the matter was detected, whether automation decided, and how to contest it.
public struct EnforcementNotice: Sendable, Equatable {
    public struct Section: Sendable, Equatable {
        public let heading: String
        public let paragraphs: [String]
        /// The paragraphs are a reviewer's own words (the facts), to be quoted as written.
        public var isQuotation = false
    }

    public let caseID: Int64
    public let title: String
    public let introduction: String
    public let sections: [Section]
}

extension CaseStore {
    /// The notice for a case with a decision to act. `appealContact` says where to appeal (a URL, an
    /// address); without it the notice asks the user to reply quoting the case.
    public func notice(caseID: Int64, appealContact: String? = nil) throws -> EnforcementNotice {
        let detail = try caseDetail(id: caseID)
        let contact = try appealContact.map { try FieldRules.text($0, field: "appeal_contact", maxLength: 500) }
        return try NoticeWriter(detail: detail, appealContact: contact).notice()
    }
}

/// Words the notice from a case. Plain language, second person, as the Santa Clara Principles ask.
struct NoticeWriter {
    let detail: CaseDetail
    let appealContact: String?
    /// The statement of reasons the case came from, decoded once from its creation event.
    private let statement: StatementOfReasons?

    init(detail: CaseDetail, appealContact: String?) {
        self.detail = detail
        self.appealContact = appealContact
        statement = detail.statement
    }

    private var record: CaseRecord { detail.record }

    func notice() throws -> EnforcementNotice {
        guard let actionedAt = record.actionedAt else {
            throw CaseStoreError.invalidValue(
                field: "case \(record.id)", problem: "no notice yet: it is \(record.status.rawValue), and a notice follows a "
                    + "decision to act (statuses actioned, appealed, upheld, reversed)")
        }
        let account = record.account
        let reference = record.externalID.map { ", your reference \($0)" } ?? ""
        // A statement names no account: it concerns an account when its decisions are about one.
        let aboutAnAccount = statement.map { !$0.keys("decision_account").isEmpty || !$0.keys("decision_provision").isEmpty }
            ?? false
        let whose = !account.unnamed ? "your account @\(account.handle) on \(account.platform)"
            : aboutAnAccount ? "your account on \(account.platform)" : "content on \(account.platform)"
        return EnforcementNotice(
            caseID: record.id, title: "Statement of reasons: " + (record.decisions.all.count == 1 ? record.decisions.all[0].kind.summary : "case \(record.id)"),
            introduction: "This notice concerns \(whose) (case \(record.id)\(reference)). It explains a decision taken on "
                + "\(actionedAt.date), as Article 17 of the EU Digital Services Act requires.",
            sections: [
                .init(heading: "What we did", paragraphs: whatWeDid(at: actionedAt) + currentStanding()),
                .init(heading: "The rule we applied", paragraphs: rule()),
                .init(heading: "The facts we relied on", paragraphs: [record.rationale], isQuotation: true),
                .init(heading: "How it came to our attention", paragraphs: [detection()]),
                .init(heading: "Whether the decision was automated", paragraphs: [automation()]),
                .init(heading: "How to appeal", paragraphs: appeal()),
            ])
    }

    /// The statement's own decisions when the case came from one (in the platform's words), else the
    /// case's decisions: each one, where it applies and until when.
    private func whatWeDid(at actionedAt: Timestamp) -> [String] {
        guard let statement else { return [record.decisions.all.map { sentence($0, at: actionedAt) }.joined(separator: " ")] + item() }
        // The introduction gives the date; this says what the platform decided, in its own terms.
        let wording = StatementWording(statement)
        var sentences = wording.decisions
        if let territory = wording.territory { sentences.append("The decision applies \(territory).") }
        if let content = wording.content { sentences.append("The content concerned: \(content).") }
        return [sentences.joined(separator: " ")]
    }

    private func sentence(_ decision: Decision, at actionedAt: Timestamp) -> String {
        let what: String = switch decision.kind {
        case .contentRemoved: "We removed the content"
        case .contentDisabled: "We disabled access to the content"
        case .contentDemoted: "We reduced the content's visibility"
        case .contentAgeRestricted: "We restricted the content to adults"
        case .contentInteractionRestricted: "We restricted interaction with the content"
        case .contentLabelled: "We added a label to the content"
        case .visibilityOther: "We restricted the content's visibility"
        case .monetarySuspension: "We suspended monetary payments to the account"
        case .monetaryTermination: "We ended monetary payments to the account"
        case .monetaryOther: "We restricted monetary payments to the account"
        case .servicePartialSuspension: "We suspended part of our service to you"
        case .serviceTotalSuspension: "We suspended our service to you"
        case .servicePartialTermination: "We ended part of our service to you"
        case .serviceTotalTermination: "We ended our service to you"
        case .accountSuspended: "We suspended the account"
        case .accountTerminated: "We terminated the account permanently"
        }
        var text = what
        switch decision.scope {
        case .everywhere: break
        case .territories(let codes): text += " " + StatementWording.place(codes)
        case .unrecorded: text += " in some countries"
        }
        // Stores written before ends were checked may hold one before the start: say only what is known.
        if let end = decision.endsAt {
            if end > actionedAt {
                let days = max(1, end.secondsSinceEpoch.saturatingSubtracting(actionedAt.secondsSinceEpoch).saturatingAdding(86_399) / 86_400)
                text += " from \(actionedAt.date) until \(end.spoken) (\(days) day\(days == 1 ? "" : "s"))"
            } else {
                text += " on \(actionedAt.date), recorded as ending \(end.spoken)"
            }
        } else {
            text += decision.kind.isPermanent ? " on \(actionedAt.date)" : " from \(actionedAt.date), with no end date set"
        }
        return text + "."
    }

    /// The item acted on, when the case records one.
    private func item() -> [String] {
        let content = record.content
        guard content.itemTypes != [.account], !content.itemTypes.isEmpty || content.itemID != nil else { return [] }
        var text = "The content concerned: " + (content.itemTypes.isEmpty ? "an item" : Self.list(content.itemTypes.map(\.summary)))
        if let id = content.itemID { text += ", \(id)" }
        if let posted = content.itemPostedAt { text += ", posted \(posted.spoken)" }
        return [text + "."]
    }

    private static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    /// What has happened since: an appeal, its outcome, a reversal.
    private func currentStanding() -> [String] {
        let last = detail.events.last { $0.kind == .transition && $0.toStatus == record.status }
        let when = last.map { " on \($0.occurredAt.date)" } ?? ""
        switch record.status {
        case .appealed: return ["You appealed\(when); the appeal is being reviewed and the decision stands meanwhile."]
        case .upheld: return ["Your appeal was reviewed and the decision was upheld\(when)."]
        case .reversed where record.appealCount > 0: return ["Your appeal succeeded: the decision was reversed\(when) and no longer applies."]
        case .reversed: return ["We reviewed the decision ourselves and reversed it\(when): it no longer applies."]
        default: return []
        }
    }

    private func rule() -> [String] {
        // A statement's policy is its DSA category, whose description is for staff; its grounds follow.
        let description = statement == nil && !record.policy.description.isEmpty ? " " + record.policy.description : ""
        var paragraphs = ["Our policy \"\(record.policy.name)\" (\(record.policy.code)).\(description)"]
        func given(_ field: String) -> String? {
            statement?.text(field).flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        }
        switch statement?.text("decision_ground") {
        case "DECISION_GROUND_ILLEGAL_CONTENT"?:
            let ground = given("illegal_content_legal_ground").map { " under \($0)" } ?? ""
            let explanation = given("illegal_content_explanation").flatMap { $0 == record.rationale ? nil : " " + $0 } ?? ""
            paragraphs.append("The content was found to be illegal\(ground).\(explanation)")
        case "DECISION_GROUND_INCOMPATIBLE_CONTENT"?:
            let ground = given("incompatible_content_ground").map { ": \($0)" } ?? ""
            // Without decision_facts the explanation is the rationale, quoted below as the facts: once is enough.
            let explanation = given("incompatible_content_explanation").flatMap { $0 == record.rationale ? nil : " " + $0 } ?? ""
            paragraphs.append("The content was found incompatible with our terms and conditions\(ground).\(explanation)")
        default:
            break
        }
        return paragraphs
    }

    private func detection() -> String {
        var text: String = switch record.source {
        case .userReport: "Someone reported it to us."
        case .trustedFlagger: "A trusted flagger (an organisation recognised for its expertise) reported it to us."
        case .proactiveHuman: "Our own reviewers found it; nobody had reported it."
        case .automated: "Our automated systems detected it; nobody had reported it."
        case .legalOrder: "A court or public authority ordered us to act."
        case .undisclosed: "We do not disclose how it came to our attention."
        }
        if record.automatedDetection && record.source != .automated {
            text += " Automated means were used to detect it."
        }
        return text
    }

    private func automation() -> String {
        switch record.automatedDecision {
        case .fully: "The decision was taken by automated means alone. You can ask for a person to review it by appealing."
        case .partially: "Automated means were used in taking the decision; a person took it."
        case .notAutomated: "A person took the decision; it was not automated."
        }
    }

    private func appeal() -> [String] {
        let how = appealContact.map { "To appeal, use \($0), quoting case \(record.id)." }
            ?? "To appeal, reply to this notice quoting case \(record.id)."
        let outside = "You may also refer the dispute to a certified out-of-court dispute settlement body "
            + "(Article 21 of the Digital Services Act) or take it to court."
        switch record.status {
        case .reversed: return ["The decision has been reversed, so there is nothing to appeal."]
        case .appealed: return ["Your appeal is pending; we will tell you the outcome and our reasons.", outside]
        case .upheld:
            let again = appealContact.map { "use \($0), quoting case \(record.id)" } ?? "reply to this notice quoting case \(record.id)"
            return ["Your appeal was decided. If you have new information, \(again).", outside]
        default:
            return ["You can contest this decision free of charge through our internal complaint-handling system "
                + "for six months from this notice (Article 20 of the Digital Services Act). \(how) Tell us why you "
                + "think the decision is wrong; a person will review it.", outside]
        }
    }
}

extension CaseDetail {
    /// The statement of reasons the case was imported from, kept in its creation event.
    public var statement: StatementOfReasons? {
        guard let payload = events.first(where: { $0.kind == .created })?.payload else { return nil }
        return EventPayload.Created.statement(in: payload)
    }
}
