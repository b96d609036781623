extension StringProtocol {
    /// The text without white space (newlines included) at either end.
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}

extension Sequence<UInt8> {
    /// The bytes as hexadecimal digits, two per byte, lowercase unless asked otherwise.
    public func hexDigits(uppercase: Bool = false, separator: String = "") -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        return map { String(decoding: [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]], as: UTF8.self) }
            .joined(separator: separator)
    }
}

extension String {
    /// The text followed by spaces up to `width` characters; longer text is kept whole.
    public func padded(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}

extension [String] {
    /// The items as words: `a`, `a and b`, `a, b and c`.
    public var joinedAsList: String {
        guard count > 1 else { return first ?? "" }
        return dropLast().joined(separator: ", ") + " and " + last!
    }
}
