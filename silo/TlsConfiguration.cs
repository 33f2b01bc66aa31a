using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace OrleansFailover.Silo;

/// <summary>Configuration section "Tls": encrypts silo-to-silo and client-to-gateway connections.</summary>
public sealed class TlsSettings
{
    public const string Section = "Tls";

    /// <summary>A PKCS#12 (.pfx) file with the certificate and its private key; none: connections are not encrypted.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}

/// <summary>
/// TLS for Orleans' connections (Microsoft.Orleans.Connections.Security). Every silo and every client presents the
/// same certificate and accepts only peers that present it (pinned by thumbprint): one secret to distribute, and a
/// self-signed certificate works. A client without it cannot connect.
/// </summary>
public static class TlsConfiguration
{
    public static void Apply(ISiloBuilder silo, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TlsSettings.Section).Get<TlsSettings>();
        if (string.IsNullOrWhiteSpace(settings?.CertificatePath))
        {
            return;
        }

        var certificate = Load(settings.CertificatePath, settings.CertificatePassword);
        silo.UseTls(certificate, options => Pin(options, certificate));
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

    /// <summary>Both ends present the certificate and accept exactly it.</summary>
    public static void Pin(TlsOptions options, X509Certificate2 certificate)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (remote, _, _) =>
            remote is not null && string.Equals(remote.GetCertHashString(), certificate.GetCertHashString(), StringComparison.OrdinalIgnoreCase);
    }
}
