using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Chaos.Cluster;

/// <summary>
/// A certificate authority of a test's own and what it issues: a silo certificate (the silo name, server and client
/// authentication), a client certificate, and a client certificate from a stranger's authority. Written as files the
/// way operators hand them to silos and clients: the authority as PEM, each certificate with its key as .pfx.
/// </summary>
public sealed class TestCertificates
{
    public const string Password = "test-password";

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private TestCertificates(X509Certificate2 authority, X509Certificate2 silo, X509Certificate2 client, X509Certificate2 stranger, X509Certificate2[] lookalikes)
    {
        Authority = authority;
        Silo = silo;
        Client = client;
        Stranger = stranger;
        Lookalikes = lookalikes;
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Silo { get; }

    public X509Certificate2 Client { get; }

    /// <summary>A client certificate another authority issued.</summary>
    public X509Certificate2 Stranger { get; }

    /// <summary>
    /// Certificates of the authority that look like a silo's but are not: the silo name on a client-only certificate,
    /// and the silo name as the organisation (not the common name or a DNS name) of a server certificate.
    /// </summary>
    public IReadOnlyList<X509Certificate2> Lookalikes { get; }

    public static TestCertificates Create()
    {
        using var authorityKey = RSA.Create(2048);
        using var authority = NewAuthority("CN=orleans-failover-test-ca", authorityKey);
        using var strangerKey = RSA.Create(2048);
        using var strangerAuthority = NewAuthority("CN=someone-else-ca", strangerKey);
        return new TestCertificates(
            X509CertificateLoader.LoadCertificate(authority.RawData),
            Issue(authority, $"CN={PeerCertificates.DefaultSiloName}", PeerCertificates.DefaultSiloName, ServerAuthentication, ClientAuthentication),
            Issue(authority, "CN=indexer", "indexer", ClientAuthentication),
            Issue(strangerAuthority, "CN=indexer", "indexer", ClientAuthentication),
            [
                Issue(authority, $"CN={PeerCertificates.DefaultSiloName}", PeerCertificates.DefaultSiloName, ClientAuthentication),
                Issue(authority, $"CN=indexer, O={PeerCertificates.DefaultSiloName}", "indexer", ServerAuthentication, ClientAuthentication),
            ]);
    }

    /// <summary>Writes the files (ca.crt, silo.pfx, client.pfx, stranger.pfx) into <paramref name="folder"/>.</summary>
    public TestCertificateFiles WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new TestCertificateFiles(
            Path.Combine(folder, "ca.crt"), Path.Combine(folder, "silo.pfx"), Path.Combine(folder, "client.pfx"), Path.Combine(folder, "stranger.pfx"));
        File.WriteAllText(files.Authority, Authority.ExportCertificatePem());
        File.WriteAllBytes(files.Silo, Silo.Export(X509ContentType.Pfx, Password));
        File.WriteAllBytes(files.Client, Client.Export(X509ContentType.Pfx, Password));
        File.WriteAllBytes(files.Stranger, Stranger.Export(X509ContentType.Pfx, Password));
        return files;
    }

    private static X509Certificate2 NewAuthority(string name, RSA key)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, string dnsName, params Oid[] usages)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12 so that the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}

/// <summary>Where <see cref="TestCertificates.WriteTo"/> put each file.</summary>
public sealed record TestCertificateFiles(string Authority, string Silo, string Client, string Stranger);
