extension Double {
    /// The value as an `Int64` if it is integral and exactly representable (|x| ≤ 2^53).
    ///
    /// Above 2^53 neighbouring integers collapse onto the same `Double`, so a "decimal string"
    /// of such a value would not be the number the producer wrote. Keys and customer IDs must
    /// be exact, so they reject those values instead of printing a rounded one.
    var exactInteger: Int64? {
        guard isFinite, self == rounded(.towardZero), magnitude <= 9_007_199_254_740_992 else { return nil }
        return Int64(self)
    }
}
