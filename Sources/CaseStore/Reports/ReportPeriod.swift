/// The length of a report period. Periods are calendar periods in UTC; weeks are ISO 8601 weeks
/// (Monday to Sunday, numbered within the year that holds their Thursday).
public enum ReportPeriod: String, CaseIterable, Sendable {
    case day, week, month, quarter, year

    /// The period holding a day (days since 1970-01-01), as a number that grows by one per period.
    func index(ofDay day: Int64) -> Int64 {
        switch self {
        case .day: return day
        // 1970-01-01 was a Thursday: shifting by 3 makes weeks start on Mondays.
        case .week: return Self.floorDivide(day + 3, 7)
        case .month, .quarter, .year:
            let (year, month, _) = Timestamp.civilDate(fromDays: day)
            switch self {
            case .month: return year * 12 + month - 1
            case .quarter: return year * 4 + (month - 1) / 3
            default: return year
            }
        }
    }

    func index(of time: Timestamp) -> Int64 {
        index(ofDay: Self.floorDivide(time.secondsSinceEpoch, 86_400))
    }

    /// How the period is written: `2024-03-14`, `2024-W11`, `2024-03`, `2024-Q1`, `2024`.
    func label(ofIndex index: Int64) -> String {
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        switch self {
        case .day:
            let (year, month, day) = Timestamp.civilDate(fromDays: index)
            return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
        case .week:
            let thursday = index * 7  // the week's Monday is day index * 7 - 3
            let (year, _, _) = Timestamp.civilDate(fromDays: thursday)
            let week = (thursday - Timestamp.daysFromCivil(year: year, month: 1, day: 1)) / 7 + 1
            return "\(padded(year, 4))-W\(padded(week, 2))"
        case .month:
            return "\(padded(Self.floorDivide(index, 12), 4))-\(padded(index - Self.floorDivide(index, 12) * 12 + 1, 2))"
        case .quarter:
            return "\(padded(Self.floorDivide(index, 4), 4))-Q\(index - Self.floorDivide(index, 4) * 4 + 1)"
        case .year:
            return padded(index, 4)
        }
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }
}
