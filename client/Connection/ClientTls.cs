using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Client.Connection;

/// <summary>
/// The client's side of TLS: the gateway must present a silo certificate (issued by <c>--tls-ca</c> with the silo
/// name, or pinned by <c>--tls-thumbprint</c>); the client presents its own certificate when given one.
/// </summary>
internal sealed class ClientTls
{
    private readonly PeerCertificates _silos;
    private readonly X509Certificate2? _own;

    private ClientTls(PeerCertificates silos, X509Certificate2? own)
    {
        _silos = silos;
        _own = own;
    }

    public static ClientTls From(ConnectionSettings settings)
    {
        PeerCertificates silos;
        if (settings.TlsCa is { } authority)
        {
            try
            {
                silos = PeerCertificates.IssuedBy(PeerCertificates.LoadAuthority(authority));
            }
            catch (Exception error) when (error is CryptographicException or IOException)
            {
                throw new UsageException($"--tls-ca '{authority}' cannot be loaded: {error.Message}");
            }
        }
        else if (settings.TlsThumbprints is { } thumbprints)
        {
            silos = PeerCertificates.Pinned(thumbprints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), []);
        }
        else
        {
            throw new UsageException("--tls-certificate needs --tls-ca (or --tls-thumbprint): the client must know which silos to trust.");
        }

        return new ClientTls(silos, settings.TlsCertificate is { } path ? Load(path) : null);
    }

    public void Apply(IClientBuilder client) => client.UseTls(options =>
    {
        options.LocalCertificate = _own;
        options.ClientCertificateMode = _own is null ? RemoteCertificateMode.NoCertificate : RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (remote, _, _) => _silos.IsSilo(remote);
    });

    private static X509Certificate2 Load(string path)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, Environment.GetEnvironmentVariable("ORLEANS_TLS_PASSWORD"));
        }
        catch (Exception error) when (error is CryptographicException or IOException)
        {
            throw new UsageException($"--tls-certificate '{path}' cannot be loaded: {error.Message}");
        }
    }
}
