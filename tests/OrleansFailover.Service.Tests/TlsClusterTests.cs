using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansFailover.Client;
using OrleansFailover.Service.Tests.Infrastructure;
using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests;

/// <summary>Silos with TLS (Tls:CertificatePath): silo-to-silo and client traffic encrypted; a client without the certificate is refused.</summary>
public sealed class TlsClusterTests : IAsyncLifetime
{
    private SiloProcessCluster? _cluster;

    private SiloProcessCluster Cluster => _cluster!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cluster = await ProcessClusters.StartForTestAsync(silos: 2, tls: SelfSigned());

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_silos_with_tls_serve_a_client_that_has_the_certificate_and_refuse_one_that_has_not()
    {
        var workload = TestData.Small(points: 30);
        var name = await TestData.CreateCollectionAsync(Cluster.Router, workload);
        var hits = await Cluster.Router.Search(name, TestData.DenseQuery(workload, 0));

        var without = await RunClientAsync(withCertificate: false);
        var with = await RunClientAsync(withCertificate: true);

        Assert.Equal(5, hits.Count);
        Assert.Equal(ExitCodes.SiloUnreachable, without.ExitCode);
        Assert.Equal(ExitCodes.Success, with.ExitCode);
        Assert.Contains(name, with.Output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunClientAsync(bool withCertificate)
    {
        var start = new ProcessStartInfo(ProgramPaths.Built("client", "OrleansFailover.Client"))
        {
            ArgumentList = { "collections" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in Cluster.ClientEnvironment)
        {
            start.Environment[key] = value;
        }

        if (withCertificate)
        {
            start.ArgumentList.Add("--tls-certificate");
            start.ArgumentList.Add(Cluster.TlsCertificatePath!);
            start.Environment["ORLEANS_TLS_PASSWORD"] = SiloProcessCluster.TlsPassword;
        }

        using var client = Process.Start(start)!;
        var output = await client.StandardOutput.ReadToEndAsync(Cancel);
        await client.StandardError.ReadToEndAsync(Cancel);
        await client.WaitForExitAsync(Cancel);
        return (client.ExitCode, output);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=orleans-failover-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client auth
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
