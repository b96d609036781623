import FoundationEssentials
import X509

/// `trust install --from-cluster`: the CA a cluster publishes, proven against the registry.
extension TrustInstaller {
    enum ClusterOutcome {
        /// Nothing to install: the clients already trust HOST.
        case settled(TrustInstallReport)
        case candidate(TrustCandidate)
    }

    /// Looks, in order, at the CAs already in certs.d (nothing to do when they verify HOST in
    /// every location of the scope), the system roots (a publicly trusted registry needs no
    /// CA), the ingress CA bundles the cluster publishes (over the kubeconfig's verified
    /// channel, so no confirmation is needed; with `--fingerprint`s, only CAs they all pin),
    /// and last the chain HOST presents, confirmed.
    func clusterCandidate(
        _ request: TrustInstallRequest, access: ClusterAccess, _ warnings: inout [String]
    ) async throws -> ClusterOutcome {
        let host = request.host
        let chain = try await presentedChain(host)
        if let report = await alreadyTrusted(request, chain: chain) { return .settled(report) }
        if case .success = await TLSProbe.verify(host, trusting: []) {
            log.debug("the system's CA certificates verify \(host)")
            return .settled(TrustInstallReport(
                host: host, certificates: [], serverVerified: true,
                origin: "the system's CA certificates (publicly trusted; nothing to install)", entries: [], warnings: []
            ))
        }
        let token = try access.token(environment: directories.environment)
        let reason: String
        if token.cluster.insecureSkipTLSVerify {
            reason = "the kubeconfig turns TLS verification off for \(token.cluster.server), so regctl does not trust the CAs its API names"
        } else {
            let bundles = try await OpenShiftAPI.with(token) { api in try await IngressCABundles.fetch(with: api) }
            for bundle in bundles {
                guard let cas = await certificateAuthorities(in: bundle, verifying: chain, for: host, &warnings) else {
                    log.debug("no CA in \(bundle.source) verifies \(host)")
                    continue
                }
                if let mismatch = FingerprintPins(request.fingerprints).mismatch(cas, source: bundle.source, isFile: false) {
                    log.debug("\(mismatch.message); passed over")
                    continue
                }
                return .candidate(TrustCandidate(certificates: cas, serverVerified: true, origin: bundle.source))
            }
            reason = bundles.isEmpty ? "the cluster lets you read none of its ingress CA bundles"
                : "no CA the cluster publishes verifies it; the route has a certificate of its own"
        }
        return .candidate(try await candidate(fromChain: chain, request, reason: reason, &warnings))
    }

    /// The CA certificate(s) of `bundle` that make `chain` verify for `host`: one alone if one
    /// does, else all of its CAs together; nil when none do. Leaves are never taken.
    private func certificateAuthorities(
        in bundle: IngressCABundles.Bundle, verifying chain: [Certificate], for host: RegistryHost, _ warnings: inout [String]
    ) async -> [Certificate]? {
        let certificates: [Certificate]
        do {
            certificates = try CertificateBundle(pem: bundle.pem, source: bundle.source).certificates
        } catch {
            warnings.append("\(bundle.source) is not a usable PEM bundle (\(error.message)); skipped")
            return nil
        }
        let authorities = certificates.filter { $0.isCertificateAuthority && (try? AnchorCheck.checkValidity($0)) != nil }
        for authority in authorities where (try? await AnchorCheck.verify(chain: chain, for: host, roots: [authority])) != nil {
            return [authority]
        }
        guard authorities.count > 1, (try? await AnchorCheck.verify(chain: chain, for: host, roots: authorities)) != nil else { return nil }
        return authorities
    }

    /// A report of nothing to do when every location of the scope holds CAs that verify `chain`.
    private func alreadyTrusted(_ request: TrustInstallRequest, chain: [Certificate]) async -> TrustInstallReport? {
        var installed: [Certificate] = []
        for location in request.scope.locations {
            let authorities = directories.certificates(in: directories.directory(location, for: request.host))
            guard !authorities.isEmpty, (try? await AnchorCheck.verify(chain: chain, for: request.host, roots: authorities)) != nil else { return nil }
            if installed.isEmpty { installed = authorities }
        }
        log.debug("the CAs in certs.d already verify \(request.host)")
        return TrustInstallReport(
            host: request.host, certificates: installed.map(CertificateSummary.init), serverVerified: true,
            origin: "certs.d (already installed)",
            entries: request.scope.locations.map {
                .init(location: $0, path: directories.caFile($0, for: request.host).path, outcome: .alreadyTrusted)
            },
            warnings: []
        )
    }
}
