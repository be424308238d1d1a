/// A case to log and the workflow steps to apply after it (their `caseID` is filled in when logged).
public struct PlannedCase: Sendable {
    public let newCase: NewCase
    public let steps: [Transition]

    public init(newCase: NewCase, steps: [Transition]) {
        self.newCase = newCase
        self.steps = steps
    }
}
