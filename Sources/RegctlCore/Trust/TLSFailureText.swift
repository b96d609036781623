/// A TLS failure told in words, never in a library's type names or build paths.
enum TLSFailureText {
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "its certificate does not verify (unknown certificate authority, expired, or issued for another name)"
        }
        if ["WRONG_VERSION_NUMBER", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST"].contains(where: text.contains) {
            return "it does not speak TLS on that port"
        }
        if text.contains("ALERT") { return "the server refused the TLS handshake" }
        if ["uncleanShutdown", "ioOnClosedChannel", "eofDuringHandshake"].contains(where: text.contains) {
            return "the connection closed during the TLS handshake"
        }
        return "the TLS handshake failed"
    }
}
