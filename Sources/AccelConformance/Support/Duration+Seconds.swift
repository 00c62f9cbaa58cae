extension Duration {
    /// The duration in seconds, for reports and timeouts that speak seconds (KTAP, JUnit,
    /// KCIDB `duration`, the journal).
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
