/// Text that came from outside — a certificate, a server's answer, a file — made safe to
/// print: control characters (C0, DEL, C1) and the bidirectional overrides and isolates are
/// shown as escapes (`\u{1B}`), so that such text cannot move the cursor, rewrite a line
/// already printed, or reorder what a person reads.
public enum UntrustedText {
    /// `text` with every such character escaped; with `keepingLines`, line breaks and tabs
    /// stay as they are (for whole messages, whose lines regctl itself composed).
    public static func escaped(_ text: some StringProtocol, keepingLines: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if keepingLines, scalar == "\n" || scalar == "\t" {
                out.unicodeScalars.append(scalar)
            } else if isUnsafe(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
