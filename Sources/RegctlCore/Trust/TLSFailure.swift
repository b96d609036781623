import NIOSSL

/// Why a TLS connection failed, sorted by swift-nio-ssl's error cases and BoringSSL's error
/// codes, and told in words that name no library's types or build paths.
enum TLSFailure: Equatable {
    /// The server's chain does not verify against the trusted CAs (unknown authority, expired).
    case untrustedCertificate
    /// The chain verified, but the certificate was issued for another name.
    case otherName
    /// What came back was no TLS record: the port speaks something else.
    case notTLS
    /// The server answered with a TLS alert.
    case refused
    /// The connection ended before the handshake did.
    case closed
    /// Any other TLS failure.
    case other

    /// The failure `error` tells of; nil when it is no TLS failure.
    init?(_ error: any Error) {
        switch error {
        case NIOSSLError.handshakeFailed(let failure), NIOSSLError.shutdownFailed(let failure): self.init(failure)
        case NIOSSLError.uncleanShutdown: self = .closed
        case let failure as BoringSSLError: self.init(failure)
        case let failure as NIOSSLExtraError: self = failure == .failedToValidateHostname ? .otherName : .other
        case is NIOSSLError, is NIOSSLCloseTimedOutError: self = .other
        default: return nil
        }
    }

    private init(_ failure: BoringSSLError) {
        switch failure {
        case .sslError(let stack), .unknownError(let stack):
            if stack.contains(.eofDuringHandshake) { self = .closed; return }
            let reasons = stack.compactMap(Self.sslReason)
            if reasons.contains(Self.certificateVerifyFailed) {
                self = .untrustedCertificate
            } else if reasons.contains(Self.wrongVersionNumber) {
                self = .notTLS
            } else if reasons.contains(where: { $0 >= Self.alertReasonOffset }) {
                self = .refused
            } else {
                self = .other
            }
        default: self = .other
        }
    }

    /// The failure in words, to follow the server's name.
    var text: String {
        switch self {
        case .untrustedCertificate, .otherName: "its certificate does not verify (unknown certificate authority, expired, or issued for another name)"
        case .notTLS: "it does not speak TLS on that port"
        case .refused: "the server refused the TLS handshake"
        case .closed: "the connection closed during the TLS handshake"
        case .other: "the TLS handshake failed"
        }
    }

    /// BoringSSL's `ERR_LIB_SSL`, and its reason codes (`ssl.h`): `SSL_R_CERTIFICATE_VERIFY_FAILED`,
    /// `SSL_R_WRONG_VERSION_NUMBER`, and `SSL_AD_REASON_OFFSET`, above which a reason is an alert.
    private static let sslLibrary: UInt32 = 16
    private static let certificateVerifyFailed: UInt32 = 125
    private static let wrongVersionNumber: UInt32 = 247
    private static let alertReasonOffset: UInt32 = 1000

    /// The reason code of an error of BoringSSL's SSL library, from its packed code
    /// (`ERR_GET_LIB`, `ERR_GET_REASON`). swift-nio-ssl keeps the packed code private, so it
    /// is read by reflection; nil for a synthetic error or another library's.
    private static func sslReason(_ error: BoringSSLInternalError) -> UInt32? {
        guard let backing = Mirror(reflecting: error).children.first?.value,
              let details = Mirror(reflecting: backing).children.first?.value,
              let packed = Mirror(reflecting: details).children.first?.value as? UInt32,
              packed >> 24 & 0xFF == sslLibrary
        else { return nil }
        return packed & 0xFFF
    }
}
