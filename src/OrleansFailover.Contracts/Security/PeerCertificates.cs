using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansFailover.Contracts.Security;

/// <summary>
/// Who a TLS peer is, by its certificate: a silo, a client, or nobody. Either by a certificate authority (a
/// certificate must chain to it; a silo's also carries the silo name, as its common name or a DNS name), or by
/// pinned thumbprints (a silo's is on the silo list, a client's on the client list). A silo certificate is also
/// a good client certificate; a client certificate is never a silo's.
/// </summary>
public sealed class PeerCertificates
{
    /// <summary>The name a silo certificate carries unless configured otherwise.</summary>
    public const string DefaultSiloName = "orleans-failover-silo";

    private readonly X509Certificate2? _authority;
    private readonly string _siloName;
    private readonly HashSet<string> _siloThumbprints;
    private readonly HashSet<string> _clientThumbprints;

    private PeerCertificates(X509Certificate2? authority, string siloName, IEnumerable<string> silos, IEnumerable<string> clients)
    {
        _authority = authority;
        _siloName = siloName;
        _siloThumbprints = new HashSet<string>(silos.Select(Normalize), StringComparer.Ordinal);
        _clientThumbprints = new HashSet<string>(clients.Select(Normalize), StringComparer.Ordinal);
    }

    /// <summary>Trust what <paramref name="authority"/> issued; silos are the certificates named <paramref name="siloName"/>.</summary>
    public static PeerCertificates IssuedBy(X509Certificate2 authority, string? siloName = null) =>
        new(authority, string.IsNullOrWhiteSpace(siloName) ? DefaultSiloName : siloName, [], []);

    /// <summary>Trust exactly these certificates (SHA-1 thumbprints, hex).</summary>
    public static PeerCertificates Pinned(IEnumerable<string> silos, IEnumerable<string> clients) =>
        new(null, DefaultSiloName, silos, clients);

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private const string CommonName = "2.5.4.3";

    /// <summary>A silo's certificate: from the authority, for server and client authentication, with the silo name.</summary>
    public bool IsSilo(X509Certificate2? certificate) =>
        certificate is not null && (_authority is null
            ? _siloThumbprints.Contains(Normalize(certificate.Thumbprint))
            : ChainsToAuthority(certificate, ServerAuthentication, ClientAuthentication)
              && Names(certificate).Contains(_siloName, StringComparer.OrdinalIgnoreCase));

    /// <summary>A client's certificate (a silo's will do): from the authority, for client authentication.</summary>
    public bool IsClient(X509Certificate2? certificate) =>
        certificate is not null && (_authority is null
            ? _clientThumbprints.Contains(Normalize(certificate.Thumbprint)) || _siloThumbprints.Contains(Normalize(certificate.Thumbprint))
            : ChainsToAuthority(certificate, ClientAuthentication));

    /// <summary>
    /// A chain from the certificate to the authority alone (no system roots, nothing downloaded: a peer cannot make the
    /// silo fetch anything), in its validity period, allowed the usages given (a certificate without usages allows all).
    /// Certificates are issued by the authority itself: intermediates are not fetched.
    /// </summary>
    private bool ChainsToAuthority(X509Certificate2 certificate, params Oid[] usages)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority!);
        chain.ChainPolicy.DisableCertificateDownloads = true;
        // Revocation lists are not consulted (see the README's security section): rotate the authority to revoke.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var usage in usages)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(usage);
        }

        return chain.Build(certificate)
               && chain.ChainElements.Count > 1 // the authority's own certificate is nobody's
               && chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(_authority!.RawData);
    }

    /// <summary>The certificate's common names and DNS names (never the other parts of its subject).</summary>
    private static IEnumerable<string> Names(X509Certificate2 certificate)
    {
        foreach (var part in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (part.HasMultipleElements || part.GetSingleElementType().Value != CommonName)
            {
                continue;
            }

            if (part.GetSingleElementValue() is { } name)
            {
                yield return name;
            }
        }

        if (certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } alternative)
        {
            foreach (var name in alternative.EnumerateDnsNames())
            {
                yield return name;
            }
        }
    }

    private static string Normalize(string thumbprint) => thumbprint.Replace(":", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant();

    /// <summary>Loads a CA certificate (PEM or DER); only its public part is used.</summary>
    public static X509Certificate2 LoadAuthority(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException error)
        {
            throw new CryptographicException($"'{path}' is not a certificate (PEM or DER): {error.Message}", error);
        }
    }
}
