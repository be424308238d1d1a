import ArgumentParser
import CaseStore

/// The decisions of `new` and `status actioned`: `--decision` (repeatable), or the one `--action`
/// of casetool before decisions, which scripts may still pass.
struct DecisionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A decision taken: KIND[ until TIME][ in CC,CC...], e.g. \"account_suspended until 2025-07-01\" (repeatable).",
        valueName: "decision"))
    var decision: [String] = []
    @Option(help: ArgumentHelp("Older form of --decision: one of the six actions before decisions.", visibility: .hidden))
    var action: EnforcementAction?
    @Option(help: ArgumentHelp("With --action suspend: when the suspension ends.", valueName: "time", visibility: .hidden))
    var endsAt: String?

    /// The decisions given, nil when none were.
    func decisions() throws -> [Decision]? {
        if let action {
            guard decision.isEmpty else {
                throw CaseStoreError.invalidValue(field: "--action", problem: "give --decision or --action, not both")
            }
            if endsAt != nil && action != .suspend {
                throw CaseStoreError.invalidValue(field: "--ends-at", problem: "only --action suspend has an end date")
            }
            return [action.decision(endsAt: try OptionValues.time(endsAt, option: "--ends-at"))]
        }
        if endsAt != nil {
            throw CaseStoreError.invalidValue(
                field: "--ends-at", problem: "goes with --action suspend; with --decision write 'account_suspended until TIME'")
        }
        guard !decision.isEmpty else { return nil }
        return try OptionValues.named("--decision") { try decision.map { try Decision(parsing: $0, allowingUnrecorded: false) } }
    }
}
