using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using OrleansFailover.Client;
using OrleansFailover.Service.Tests.Infrastructure;
using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests;

/// <summary>
/// Silos with TLS and a certificate authority (Tls:CaCertificatePath): silo-to-silo and client traffic encrypted, the
/// silo port open to silo certificates only, the gateway to the authority's client certificates (or none, with the
/// API key), never to a certificate another authority issued.
/// </summary>
public sealed class TlsClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(15);

    private SiloProcessCluster? _cluster;

    private SiloProcessCluster Cluster => _cluster!;

    private TestCertificateFiles Files => Cluster.CertificateFiles!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cluster = await ProcessClusters.StartForTestAsync(silos: 2, tls: TestCertificates.Create());

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_silos_serve_clients_the_authority_vouches_for_and_refuse_the_others()
    {
        var workload = TestData.Small(points: 30);
        var name = await TestData.CreateCollectionAsync(Cluster.Router, workload);
        var hits = await Cluster.Router.Search(name, TestData.DenseQuery(workload, 0));

        var withClientCertificate = await RunClientAsync("--tls-ca", Files.Authority, "--tls-certificate", Files.Client);
        var withKeyAlone = await RunClientAsync("--tls-ca", Files.Authority);
        var withoutTls = await RunClientAsync();
        var withStrangersCertificate = await RunClientAsync("--tls-ca", Files.Authority, "--tls-certificate", Files.Stranger);
        var trustingAnotherAuthority = await RunClientAsync("--tls-thumbprint", Cluster.Certificates!.Client.Thumbprint);

        Assert.Equal(5, hits.Count);
        Assert.Equal(ExitCodes.Success, withClientCertificate.ExitCode);
        Assert.Contains(name, withClientCertificate.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, withKeyAlone.ExitCode);
        Assert.Equal(ExitCodes.SiloUnreachable, withoutTls.ExitCode);
        Assert.Equal(ExitCodes.SiloUnreachable, withStrangersCertificate.ExitCode);
        Assert.Equal(ExitCodes.SiloUnreachable, trustingAnotherAuthority.ExitCode);
    }

    [Fact]
    public async Task The_silo_port_talks_to_a_silo_certificate_and_hangs_up_on_a_client_certificate()
    {
        var port = Cluster.Silos[0].SiloPort;

        var asSilo = await FirstBytesAsync(port, Cluster.Certificates!.Silo);
        var asClient = await FirstBytesAsync(port, Cluster.Certificates.Client);
        var asStranger = await FirstBytesAsync(port, Cluster.Certificates.Stranger);

        Assert.True(asSilo > 0, "a silo certificate gets the silo's greeting");
        Assert.Equal(0, asClient);
        Assert.Equal(0, asStranger);
    }

    [Fact]
    public async Task A_silo_given_a_client_certificate_refuses_to_start_and_says_why()
    {
        var silo = Cluster.NewSilo("impostor", new Dictionary<string, string>
        {
            ["Tls__CertificatePath"] = Files.Client,
        });

        var start = await Assert.ThrowsAnyAsync<Exception>(silo.StartAsync);

        Assert.False(silo.IsRunning);
        Assert.Contains("is not a silo certificate", start.Message + await File.ReadAllTextAsync(silo.Log, Cancel), StringComparison.Ordinal);
    }

    /// <summary>
    /// Connects to the silo port over TLS with <paramref name="certificate"/> and reads what comes: a silo greets a
    /// silo with its preamble at once; a connection the silo refused ends (0 bytes, or the handshake fails).
    /// </summary>
    private static async Task<int> FirstBytesAsync(int port, X509Certificate2 certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port, Cancel);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        limit.CancelAfter(AnswerLimit);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "orleans-failover-silo",
                ClientCertificates = [certificate],
                // This test is about what the silo accepts; its own certificate is checked elsewhere.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }, limit.Token);
            var buffer = new byte[64];
            return await tls.ReadAsync(buffer, limit.Token);
        }
        catch (Exception error) when (error is IOException or System.Security.Authentication.AuthenticationException)
        {
            return 0;
        }
    }

    private async Task<(int ExitCode, string Output)> RunClientAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(ProgramPaths.Built("client", "OrleansFailover.Client"))
        {
            ArgumentList = { "collections" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in Cluster.ClientEnvironment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ORLEANS_TLS_PASSWORD"] = TestCertificates.Password;
        using var client = Process.Start(start)!;
        var output = client.StandardOutput.ReadToEndAsync(Cancel);
        var error = client.StandardError.ReadToEndAsync(Cancel);
        await client.WaitForExitAsync(Cancel);
        return (client.ExitCode, await output + await error);
    }
}
