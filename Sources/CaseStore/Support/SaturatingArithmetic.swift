/// Sums of stored values that saturate instead of trapping: a damaged or extreme row gives a
/// wrong-looking figure, never a crash.
extension FixedWidthInteger {
    /// `self + other`, or the nearest representable value where that overflows.
    func saturatingAdding(_ other: Self) -> Self {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self - other`, or the nearest representable value where that overflows.
    func saturatingSubtracting(_ other: Self) -> Self {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }
}
