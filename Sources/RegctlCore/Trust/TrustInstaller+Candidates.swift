import FoundationEssentials
import X509

/// A CA ready to install, with what is known of it.
struct TrustCandidate {
    let certificates: [Certificate]
    /// Whether the CA was checked against the chain the server presents.
    let serverVerified: Bool
    let origin: String
}

extension TrustInstaller {
    /// The certificates of a PEM file: valid, CAs (or a self-signed certificate that verifies
    /// the server), each pinned when `--fingerprint` is given, and verifying the server when it answers.
    func candidate(fromFile path: String, _ request: TrustInstallRequest, _ warnings: inout [String]) async throws(TrustError) -> TrustCandidate {
        let bundle = try CertificateBundle(contentsOf: path)
        for certificate in bundle.certificates {
            try AnchorCheck.checkValidity(certificate)
            if !certificate.isCertificateAuthority && !certificate.isSelfSigned { throw .notACA(subject: certificate.subject.description) }
        }
        try FingerprintPins(request.fingerprints).check(bundle.certificates, source: path, isFile: true)
        let chain: [Certificate]?
        do {
            chain = try await presentedChain(request.host)
        } catch .serverUnreachable(_, let reason) {
            warnings.append("could not reach \(request.host) (\(reason)); the CA was not checked against the server")
            chain = nil
        }
        if let chain {
            try await AnchorCheck.verify(chain: chain, for: request.host, roots: bundle.certificates)
            log.debug("the CA verifies the chain \(request.host) presents")
        }
        for certificate in bundle.certificates where !certificate.isCertificateAuthority {
            guard let chain,
                  (try? await AnchorCheck.verify(chain: chain, for: request.host, roots: [certificate])) != nil
            else { throw .notACA(subject: certificate.subject.description) }
        }
        return TrustCandidate(certificates: bundle.certificates, serverVerified: chain != nil, origin: path)
    }

    /// The anchor of the chain the server presents, installed only on a matching
    /// `--fingerprint`, a yes at the terminal, or `--yes`. `reason` says why this path was taken.
    func candidate(fromChain chain: [Certificate], _ request: TrustInstallRequest, reason: String?, _ warnings: inout [String]) async throws(TrustError) -> TrustCandidate {
        let host = request.host
        guard let (anchor, isRoot) = AnchorCheck.anchor(in: chain) else { throw .serverSentNoCA(host: host) }
        if !isRoot { warnings.append("\(host) did not send a root certificate; using the top-most CA it sent: \(UntrustedText.escaped(anchor.subject.description))") }
        try AnchorCheck.checkValidity(anchor)
        try await AnchorCheck.verify(chain: chain, for: host, roots: [anchor])
        let summary = CertificateSummary(anchor)
        let title = "CA presented by \(host)" + (reason.map { " (\($0))" } ?? "")
        var origin = "the chain \(host) presents" + (reason.map { " (\($0))" } ?? "")
        let pins = FingerprintPins(request.fingerprints)
        if !pins.isEmpty {
            try pins.check([anchor], source: "the CA \(host) presents", isFile: false)
            origin += ", fingerprint confirmed"
        } else if request.assumeYes {
            warnings.append("trust on first use: the CA of \(host) was accepted because of --yes, without a fingerprint check")
            origin += ", accepted with --yes"
        } else if directories.environment.isInteractive {
            prompter.show(summary, title: title)
            guard prompter.confirm("Trust this CA for \(host)?") else { throw .declined }
            origin += ", confirmed at the terminal"
        } else {
            prompter.show(summary, title: title)
            throw .confirmationNeeded(host: host, fingerprint: summary.fingerprint, reason: reason, scope: request.scope)
        }
        return TrustCandidate(certificates: [anchor], serverVerified: true, origin: origin)
    }

    func presentedChain(_ host: RegistryHost) async throws(TrustError) -> [Certificate] {
        log.debug("fetching the certificate chain of \(host)")
        return try await TLSProbe.presentedChain(of: host)
    }
}
