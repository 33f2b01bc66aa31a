using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Testing;

namespace OrleansFailover.Benchmarks;

/// <summary>
/// The silo as deployed, in its own process (its own server GC, default failover settings, TCP gateway), and an
/// Orleans client connected to it from this process, where the indexer and the Qdrant test server live.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _silo;
    private readonly IHost _client;

    private ServiceHost(Process silo, IHost client)
    {
        _silo = silo;
        _client = client;
    }

    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    /// <summary>The operator's commands (force failover, return), as a client gives them.</summary>
    public IServiceControlGrain Failover => Client.GetGrain<IServiceControlGrain>(0);

    public IVectorRouterGrain Router => Client.GetGrain<IVectorRouterGrain>(0);

    /// <summary>The whole service at a glance: the circuit and every collection.</summary>
    public IServiceStatusGrain Status => Client.GetGrain<IServiceStatusGrain>(0);

    /// <summary>The silo's default <c>Failover:ProbeInterval</c>.</summary>
    public TimeSpan ProbeInterval { get; } = TimeSpan.FromSeconds(5);

    public static async Task<ServiceHost> StartAsync(Uri qdrant, string folder)
    {
        Directory.CreateDirectory(folder);
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var silo = StartSiloProcess(qdrant, folder, siloPort, gatewayPort);
        try
        {
            var client = await ConnectAsync(silo, gatewayPort, Path.Combine(folder, "silo.log"));
            return new ServiceHost(silo, client);
        }
        catch
        {
            silo.Kill(entireProcessTree: true);
            silo.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        if (!_silo.HasExited)
        {
            _silo.Kill(entireProcessTree: true);
            await _silo.WaitForExitAsync();
        }

        _silo.Dispose();
    }

    private static Process StartSiloProcess(Uri qdrant, string folder, int siloPort, int gatewayPort)
    {
        // The silo built with this benchmark, in its own output folder (silo/bin/CONFIGURATION/net10.0).
        var program = ProgramPaths.Built("silo", OperatingSystem.IsWindows() ? "OrleansFailover.Silo.exe" : "OrleansFailover.Silo");
        if (!File.Exists(program))
        {
            throw new InvalidOperationException($"The silo is not built at {program}.");
        }

        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Orleans__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Storage__Folder"] = Path.Combine(folder, "state");
        start.Environment["Backup__Folder"] = Path.Combine(folder, "backups");
        start.Environment["Qdrant__Endpoint"] = qdrant.ToString();
        start.Environment["Http__Port"] = "0";

        var silo = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the silo ({program}).");
        var log = new StreamWriter(Path.Combine(folder, "silo.log"), append: true) { AutoFlush = true };
        silo.OutputDataReceived += (_, line) => WriteLine(log, line.Data);
        silo.ErrorDataReceived += (_, line) => WriteLine(log, line.Data);
        silo.Exited += (_, _) => log.Dispose();
        silo.EnableRaisingEvents = true;
        silo.BeginOutputReadLine();
        silo.BeginErrorReadLine();
        return silo;
    }


    private static void WriteLine(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The silo has exited.
            }
        }
    }

    /// <summary>Connects once the silo's gateway is up; fails with the silo's log if the silo exits first.</summary>
    private static async Task<IHost> ConnectAsync(Process silo, int gatewayPort, string siloLog)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.ClearProviders();
            builder.UseOrleansClient(client => client
                .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort))
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = "orleans-failover-dev";
                    options.ServiceId = "orleans-failover";
                }));
            var host = builder.Build();
            try
            {
                await host.StartAsync();
                return host;
            }
            catch (Exception error) when (error is OrleansException or Orleans.Runtime.Messaging.ConnectionFailedException or OperationCanceledException)
            {
                host.Dispose();
                if (silo.HasExited || deadline.Elapsed > StartTimeout)
                {
                    throw new InvalidOperationException(
                        $"The silo did not open its gateway on port {gatewayPort} (exited: {silo.HasExited}); see {siloLog}.", error);
                }

                await Task.Delay(250);
            }
        }
    }

}
