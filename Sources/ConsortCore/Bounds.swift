/// The ranges a number must fall in before Consort stores or sums it. Every imported or
/// submitted number is checked against one of these, so that no total can overflow (6,600
/// practices at the largest list size sum to about 3.3 billion, far inside `Int`'s range) and
/// a mistyped column is refused with a message rather than carried into every page.
public enum Bounds {
    /// Patients registered at one practice. The largest English practice had 108,789 in
    /// January 2022 (the shipped snapshot); five times that allows for mergers without letting a
    /// column of NHS numbers or a typo through.
    public static let practiceListSize: ClosedRange<Int> = 0...500_000
    /// Patients registered in a group's published total (a PCN, sub-ICB location, ICB, region or
    /// England itself: 63 million in 2026), with room to spare.
    public static let groupListSize: ClosedRange<Int> = 0...200_000_000
    /// The same for weighted (needs-adjusted) lists.
    public static let weightedListSize: ClosedRange<Double> = 0...500_000
    /// Ordnance Survey National Grid eastings and northings of Great Britain, in metres.
    public static let easting: ClosedRange<Int> = 0...800_000
    public static let northing: ClosedRange<Int> = 0...1_400_000
    /// Money in whole pounds: a budget of up to a trillion pounds (England's NHS spends about
    /// £190 billion a year).
    public static let pounds: ClosedRange<Int> = 0...1_000_000_000_000
    /// Minutes in a day, for opening hours and sessions.
    public static let minutesOfDay: ClosedRange<Int> = 0...(24 * 60)

    /// `value` if it lies in `range`, else nil.
    public static func checked<T: Comparable>(_ value: T?, _ range: ClosedRange<T>) -> T? {
        guard let value, range.contains(value) else { return nil }
        return value
    }
}
