using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Connections.Security;
using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Silo;

/// <summary>Configuration section "Tls": encrypts and authenticates silo-to-silo and client-to-gateway connections.</summary>
public sealed class TlsSettings
{
    public const string Section = "Tls";

    /// <summary>This silo's certificate with its private key (.pfx); none: connections are not encrypted.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>
    /// The certificate authority that issues silo and client certificates (PEM or DER). A silo certificate carries
    /// <see cref="SiloCertificateName"/>; any other certificate it issued is a client's.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>The name (common name or DNS name) that makes a certificate of the authority a silo's.</summary>
    public string SiloCertificateName { get; set; } = PeerCertificates.DefaultSiloName;

    /// <summary>Without an authority: the thumbprints of the silo certificates (default: this silo's own).</summary>
    public string[] SiloThumbprints { get; set; } = [];

    /// <summary>Without an authority: the thumbprints of the client certificates the gateway accepts.</summary>
    public string[] ClientThumbprints { get; set; } = [];

    /// <summary>Clients must present a certificate; otherwise one without a certificate connects and the API key authenticates it.</summary>
    public bool RequireClientCertificate { get; set; }
}

/// <summary>
/// TLS for Orleans' connections (Microsoft.Orleans.Connections.Security), with roles: the silo port accepts only silo
/// certificates, and a silo connecting out accepts only a silo at the other end; the gateway accepts client
/// certificates (or none, unless <see cref="TlsSettings.RequireClientCertificate"/>), so a client certificate can
/// never join the cluster as a silo.
/// </summary>
public static class TlsConfiguration
{
    public static void Apply(ISiloBuilder silo, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TlsSettings.Section).Get<TlsSettings>() ?? new TlsSettings();
        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            if (!string.IsNullOrWhiteSpace(settings.CaCertificatePath) || settings.RequireClientCertificate)
            {
                throw new InvalidOperationException("Tls:CaCertificatePath or Tls:RequireClientCertificate is set but Tls:CertificatePath is not: a silo needs its own certificate for TLS.");
            }

            return;
        }

        var certificate = Load(settings.CertificatePath, settings.CertificatePassword);
        var peers = Peers(settings, certificate);
        if (!peers.IsSilo(certificate))
        {
            throw new InvalidOperationException(
                $"Tls:CertificatePath '{settings.CertificatePath}' is not a silo certificate: it must " +
                (string.IsNullOrWhiteSpace(settings.CaCertificatePath)
                    ? "be one of Tls:SiloThumbprints."
                    : $"chain to Tls:CaCertificatePath and carry the name '{settings.SiloCertificateName}' (Tls:SiloCertificateName)."));
        }

        var between = new TlsOptions
        {
            LocalCertificate = certificate,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
            // Set, so the callback alone decides: it checks the chain itself.
            RemoteCertificateValidation = (remote, _, _) => peers.IsSilo(remote),
        };
        var gateway = new TlsOptions
        {
            LocalCertificate = certificate,
            RemoteCertificateMode = settings.RequireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.AllowCertificate,
            RemoteCertificateValidation = (remote, _, _) => remote is null ? !settings.RequireClientCertificate : peers.IsClient(remote),
        };
        silo.Configure<SiloConnectionOptions>(options =>
        {
            options.ConfigureSiloInboundConnection(connection => connection.UseServerTls(between));
            options.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(between));
            options.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(gateway));
        });
    }

    private static PeerCertificates Peers(TlsSettings settings, X509Certificate2 own)
    {
        if (!string.IsNullOrWhiteSpace(settings.CaCertificatePath))
        {
            try
            {
                return PeerCertificates.IssuedBy(PeerCertificates.LoadAuthority(settings.CaCertificatePath), settings.SiloCertificateName);
            }
            catch (Exception error) when (error is System.Security.Cryptography.CryptographicException or IOException)
            {
                throw new InvalidOperationException($"Tls:CaCertificatePath cannot be loaded: {error.Message}");
            }
        }

        return PeerCertificates.Pinned(settings.SiloThumbprints.Length > 0 ? settings.SiloThumbprints : [own.Thumbprint], settings.ClientThumbprints);
    }

    public static X509Certificate2 Load(string path, string? password)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"Tls:CertificatePath '{path}' holds no private key; a .pfx with its key is needed.");
        }
        catch (Exception error) when (error is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new InvalidOperationException($"Tls:CertificatePath '{path}' cannot be loaded: {error.Message}");
        }
    }
}
