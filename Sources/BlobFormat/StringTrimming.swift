extension StringProtocol {
    /// The text without the leading and trailing characters `drop` picks:
    /// `line.trimming(\.isWhitespace)`.
    public func trimming(_ drop: (Character) -> Bool) -> String {
        String(self.drop(while: drop).reversed().drop(while: drop).reversed())
    }
}
