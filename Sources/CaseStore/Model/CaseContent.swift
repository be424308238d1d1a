/// What a case was logged with that the workflow never changes: how it was found, why, and what was
/// acted on. Its fields are declared once, in `CaseFields.content`; storage, the creation event,
/// replay and `audit verify`, import and export all derive from that list.
public struct CaseContent: Sendable, Equatable {
    public var source: DetectionSource
    /// How far automation decided the case (see `AutomatedDecision`).
    public var automatedDecision: AutomatedDecision
    public var rationale: String
    /// The platform's own id for the case or content, unique per platform.
    public var externalID: String?
    /// The account's follower count when the case was logged: reach at the time of the action.
    public var followerCount: Int64?
    /// When the violation happened.
    public var occurredAt: Timestamp?
    /// What was acted on: `[.account]` for the account itself, else the content's types; empty when
    /// not recorded (cases logged before casetool recorded it).
    public var itemTypes: [ItemType]
    /// The item's id on the platform, or its URL.
    public var itemID: String?
    /// When the item was posted.
    public var itemPostedAt: Timestamp?

    public init(
        source: DetectionSource, rationale: String, automatedDecision: AutomatedDecision = .notAutomated,
        externalID: String? = nil, followerCount: Int64? = nil, occurredAt: Timestamp? = nil,
        itemTypes: [ItemType] = [], itemID: String? = nil, itemPostedAt: Timestamp? = nil
    ) {
        self.source = source
        self.automatedDecision = automatedDecision
        self.rationale = rationale
        self.externalID = externalID
        self.followerCount = followerCount
        self.occurredAt = occurredAt
        self.itemTypes = itemTypes
        self.itemID = itemID
        self.itemPostedAt = itemPostedAt
    }

    /// A value to fill field by field from text (`CaseField.assign`); `source` and `rationale` are
    /// required fields, so reading them overwrites these placeholders or fails.
    static var unfilled: CaseContent { CaseContent(source: .undisclosed, rationale: "") }
}
