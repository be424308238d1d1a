/// Deterministic, plausible synthetic cases for load tests, crash tests and benchmarks.
/// The same seed always gives the same cases.
public struct SyntheticCases {
    private var random: SplitMix64
    private let seed: UInt64
    private let policyCodes: [String]
    private let now: Timestamp
    private var index = 0

    static let platforms = ["Instagram", "Facebook", "TikTok", "YouTube", "X", "Reddit"]

    public init(seed: UInt64, policyCodes: [String], now: Timestamp) throws {
        guard !policyCodes.isEmpty else {
            throw CaseStoreError.invalidValue(field: "policies", problem: "none defined: run 'casetool seed' first")
        }
        self.seed = seed
        self.random = SplitMix64(seed: seed)
        self.policyCodes = policyCodes
        self.now = now
    }

    public mutating func next() -> PlannedCase {
        index += 1
        let platform = Self.platforms[Int(random.next() % UInt64(Self.platforms.count))]
        // Opened within the last year and at least two days ago: the longest path (three steps of at
        // most 12 hours each) then always ends before now.
        let opened = now.adding(seconds: -2 * 86_400 - Int64(random.next() % (363 * 86_400)))
        let newCase = NewCase(
            platform: platform, handle: "user\(random.next() % 50_000)", accountType: .individual,
            policyCode: policyCodes[Int(random.next() % UInt64(policyCodes.count))], decisions: decisions(opened: opened),
            content: CaseContent(
                source: DetectionSource.allCases[Int(random.next() % UInt64(DetectionSource.allCases.count))],
                rationale: "Synthetic case \(index) of run \(seed)", externalID: "synthetic-\(seed)-\(index)",
                followerCount: Int64(random.next() % 1_000_000),
                itemTypes: [ItemType.allCases[Int(random.next() % UInt64(ItemType.allCases.count))]]),
            openedAt: opened)
        return PlannedCase(newCase: newCase, steps: plannedSteps(opened: opened))
    }

    /// One decision, sometimes two; temporary kinds end after 30 days, some apply in one country only.
    private mutating func decisions(opened: Timestamp) -> [Decision] {
        func one() -> Decision {
            let kind = DecisionKind.allCases[Int(random.next() % UInt64(DecisionKind.allCases.count))]
            let temporary = !kind.isPermanent && random.next() % 2 == 0
            let scope: TerritorialScope = random.next() % 8 == 0 ? .territories(["DE"]) : .everywhere
            return Decision(kind, endsAt: temporary ? opened.adding(seconds: 30 * 86_400) : nil, scope: scope)
        }
        let first = one()
        let second = one()
        return random.next() % 4 == 0 && second.kind != first.kind ? [first, second] : [first]
    }

    /// A path through the workflow: most cases are actioned, some appealed, some dismissed, some left open.
    private mutating func plannedSteps(opened: Timestamp) -> [Transition] {
        var time = opened
        func step(_ status: CaseStatus, reason: String? = "synthetic") -> Transition {
            time = time.adding(seconds: 60 + Int64(random.next() % 43_200))
            return Transition(caseID: 0, to: status, reason: reason, at: time)
        }
        switch random.next() % 10 {
        case 0: return []
        case 1, 2: return [step(.dismissed)]
        case 3: return [step(.escalated), step(.actioned)]
        case 4: return [step(.actioned), step(.appealed), step(.reversed)]
        case 5: return [step(.actioned), step(.appealed), step(.upheld)]
        default: return [step(.actioned)]
        }
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
