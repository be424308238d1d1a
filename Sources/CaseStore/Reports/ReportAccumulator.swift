/// One case as a report counts it.
struct ReportCase {
    /// Nil for an unnamed account: its cases count, it does not.
    var account: Int64?
    var followers: Int64
    /// The decisions taken, one bit per kind (`DecisionKind.bit`).
    var decisionMask: Int64
    /// The position in `DetectionSource.allCases`: counters are arrays.
    var source: Int
    var status: CaseStatus
    var actioned: Bool
    var secondsToAction: Int64?
    var appealCount: Int64
    var automatedDetection: Bool
    var automatedDecision: Bool
    /// Time from each of the case's decided appeals to its decision.
    var appealDecisionSeconds: ArraySlice<Int64>
}

/// The figures of one report group, gathered case by case; groups merge into coarser ones.
struct ReportAccumulator {
    private(set) var cases = 0
    private(set) var actioned = 0
    private(set) var dismissed = 0
    /// Actioned cases that took each kind, by bit: a case with several kinds counts under each.
    private(set) var actionedByDecisionBit = [Int](repeating: 0, count: 64)
    private(set) var casesBySource = [Int](repeating: 0, count: DetectionSource.allCases.count)
    private(set) var proactive = 0
    private(set) var automatedDetection = 0
    private(set) var automatedDecision = 0
    private(set) var appealed = 0
    private(set) var upheld = 0
    private(set) var reversedAfterAppeal = 0
    private(set) var restoredWithoutAppeal = 0
    private(set) var actionedOnUnnamedAccounts = 0
    /// Named accounts and follower counts of actioned cases, one entry per case.
    private(set) var actionedAccounts: [(account: Int64, followers: Int64)] = []
    private(set) var secondsToAction: [Int64] = []
    private(set) var appealDecisionSeconds: [Int64] = []

    private static let proactiveSources = [DetectionSource.proactiveHuman, .automated].compactMap {
        DetectionSource.allCases.firstIndex(of: $0)
    }

    mutating func add(_ figures: ReportCase) {
        cases += 1
        casesBySource[figures.source] += 1
        switch figures.status {
        case .dismissed: dismissed += 1
        case .upheld: upheld += 1
        // A second appeal follows an upheld one: until it is decided, the action stands.
        case .appealed where figures.appealCount > 1: upheld += 1
        case .reversed where figures.appealCount > 0: reversedAfterAppeal += 1
        case .reversed: restoredWithoutAppeal += 1
        default: break
        }
        if figures.appealCount > 0 { appealed += 1 }
        appealDecisionSeconds += figures.appealDecisionSeconds
        guard figures.actioned else { return }
        actioned += 1
        var bits = UInt64(bitPattern: figures.decisionMask)
        while bits != 0 {
            actionedByDecisionBit[bits.trailingZeroBitCount] += 1
            bits &= bits - 1
        }
        if Self.proactiveSources.contains(figures.source) { proactive += 1 }
        if figures.automatedDetection { automatedDetection += 1 }
        if figures.automatedDecision { automatedDecision += 1 }
        if let seconds = figures.secondsToAction { secondsToAction.append(seconds) }
        if let account = figures.account {
            actionedAccounts.append((account, figures.followers))
        } else {
            actionedOnUnnamedAccounts += 1
        }
    }

    mutating func merge(_ other: ReportAccumulator) {
        cases += other.cases
        actioned += other.actioned
        dismissed += other.dismissed
        for index in actionedByDecisionBit.indices { actionedByDecisionBit[index] += other.actionedByDecisionBit[index] }
        for index in casesBySource.indices { casesBySource[index] += other.casesBySource[index] }
        proactive += other.proactive
        automatedDetection += other.automatedDetection
        automatedDecision += other.automatedDecision
        appealed += other.appealed
        upheld += other.upheld
        reversedAfterAppeal += other.reversedAfterAppeal
        restoredWithoutAppeal += other.restoredWithoutAppeal
        actionedOnUnnamedAccounts += other.actionedOnUnnamedAccounts
        actionedAccounts += other.actionedAccounts
        secondsToAction += other.secondsToAction
        appealDecisionSeconds += other.appealDecisionSeconds
    }

    func figures(accounts tally: inout AccountTally) -> ReportFigures {
        func share(_ part: Int, of whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }
        var toAction = secondsToAction
        var toDecision = appealDecisionSeconds
        let accounts = tally.count(actionedAccounts)
        return ReportFigures(
            cases: cases, actioned: actioned, actionedAccounts: accounts.distinct, dismissed: dismissed,
            actionedByDecision: Dictionary(uniqueKeysWithValues: DecisionKind.allCases.map { ($0, actionedByDecisionBit[$0.bit]) }),
            casesBySource: Dictionary(uniqueKeysWithValues: zip(DetectionSource.allCases, casesBySource)),
            proactiveRate: share(proactive, of: actioned), automatedDetectionRate: share(automatedDetection, of: actioned),
            automatedDecisionRate: share(automatedDecision, of: actioned), appealed: appealed, upheld: upheld,
            reversedAfterAppeal: reversedAfterAppeal, restoredWithoutAppeal: restoredWithoutAppeal,
            appealSuccessRate: share(reversedAfterAppeal, of: upheld + reversedAfterAppeal),
            secondsToAction: Percentiles.of(&toAction), appealToDecisionSeconds: Percentiles.of(&toDecision),
            reach: accounts.followers, repeatOffenders: accounts.repeatOffenders,
            actionedOnUnnamedAccounts: actionedOnUnnamedAccounts)
    }
}

/// Counts distinct accounts, their followers and repeat offenders with scratch arrays indexed by
/// account id (ids are dense rowids): linear, where a dictionary per group dominated the report.
struct AccountTally {
    private var largest: [Int64] = []
    /// 0, 1, or 2 for "two or more": all a repeat offender needs, and it cannot overflow.
    private var actionedCases: [UInt8] = []

    mutating func count(
        _ accounts: [(account: Int64, followers: Int64)]
    ) -> (distinct: Int, followers: Int64, repeatOffenders: Int) {
        var touched: [Int] = []
        var followers: Int64 = 0
        var repeatOffenders = 0
        for (account, accountFollowers) in accounts {
            let index = Int(account)
            guard index >= 0, index < 1 << 31 else { continue }
            if index >= largest.count {
                let grown = max(index + 1, largest.count * 2)
                largest += Array(repeating: -1, count: grown - largest.count)
                actionedCases += Array(repeating: 0, count: grown - actionedCases.count)
            }
            if largest[index] < 0 {
                touched.append(index)
                largest[index] = 0
            }
            // Both are 0 or more, so the difference cannot overflow; the sum saturates, as no count of
            // people can exceed Int64 (rows stored before the follower limit may hold anything up to it).
            if accountFollowers > largest[index] {
                followers = followers.saturatingAdding(accountFollowers - largest[index])
                largest[index] = accountFollowers
            }
            if actionedCases[index] < 2 {
                actionedCases[index] += 1
                if actionedCases[index] == 2 { repeatOffenders += 1 }
            }
        }
        for index in touched {
            largest[index] = -1
            actionedCases[index] = 0
        }
        return (touched.count, followers, repeatOffenders)
    }
}

/// Nearest-rank percentiles: the p-th percentile of n values is the value of rank ⌈p·n/100⌉ in
/// ascending order, always one of the values (the median of 1, 2, 3, 4 is 2).
enum Percentiles {
    /// Reorders `values`.
    static func of(_ values: inout [Int64]) -> [ReportMetric.Percentile: Int64] {
        guard !values.isEmpty else { return [:] }
        var result: [ReportMetric.Percentile: Int64] = [:]
        for percentile in ReportMetric.Percentile.allCases {
            let rank = (percentile.rawValue * values.count + 99) / 100
            result[percentile] = select(&values, rank: max(rank, 1) - 1)
        }
        return result
    }

    /// Hoare's quickselect with a median-of-three pivot: the value at `rank` (from 0) in sorted order.
    /// Selection, not a sort: linear on average.
    static func select(_ values: inout [Int64], rank: Int) -> Int64 {
        var low = 0
        var high = values.count - 1
        while low < high {
            let mid = low + (high - low) / 2
            let pivot = Swift.max(Swift.min(values[low], values[mid]), Swift.min(Swift.max(values[low], values[mid]), values[high]))
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                return values[rank]
            }
        }
        return values[rank]
    }
}
