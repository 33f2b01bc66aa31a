using System.Net;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansFailover.QdrantTestServer.Binding;
using OrleansFailover.QdrantTestServer.Faults;
using OrleansFailover.QdrantTestServer.Hosting;
using OrleansFailover.QdrantTestServer.Services;
using OrleansFailover.QdrantTestServer.Storage;

namespace OrleansFailover.QdrantTestServer;

/// <summary>
/// A Qdrant wire-compatible gRPC server on 127.0.0.1 for tests and benchmarks, driven by the real
/// QdrantClient. It can be stopped and started again on the same port keeping its data (like a Qdrant
/// with a disk), or started empty (like one that lost its disk), and it injects faults on demand.
/// </summary>
public sealed class QdrantTestServer : IAsyncDisposable
{
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    private readonly Lock _gate = new();
    private WebApplication? _app;

    private QdrantTestServer(int port, ServerStorage storage, FaultInjector faults)
    {
        Port = port;
        Storage = storage;
        Faults = faults;
    }

    public int Port { get; private set; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public ServerStorage Storage { get; }

    public FaultInjector Faults { get; }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _app is not null;
            }
        }
    }

    /// <summary>Starts a server; port 0 picks a free port, which later restarts keep.</summary>
    public static async Task<QdrantTestServer> StartAsync(int port = 0, ServerStorage? storage = null)
    {
        var server = new QdrantTestServer(port, storage ?? new ServerStorage(), new FaultInjector());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the stopped server on the same port; <paramref name="empty"/> drops every collection first.</summary>
    public async Task StartAgainAsync(bool empty = false)
    {
        if (empty)
        {
            Storage.Clear();
        }

        var app = Build(Port, Storage, Faults);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        lock (_gate)
        {
            Port = new Uri(address).Port;
            _app = app;
        }
    }

    /// <summary>Stops listening and drops open connections; the data stays for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        WebApplication? app;
        lock (_gate)
        {
            app = _app;
            _app = null;
        }

        if (app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static WebApplication Build(int port, ServerStorage storage, FaultInjector faults)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxMessageBytes;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(faults);
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxMessageBytes;
            options.MaxSendMessageSize = MaxMessageBytes;
            options.EnableDetailedErrors = true;
            options.Interceptors.Add<FaultInjectionInterceptor>();
        });
        builder.Services.AddSingleton<HealthService>();
        builder.Services.AddSingleton<CollectionsService>();
        builder.Services.AddSingleton<PointsService>();
        builder.Services.AddSingleton<IServiceMethodProvider<HealthService>, HealthMethodProvider>();
        builder.Services.AddSingleton<IServiceMethodProvider<CollectionsService>, CollectionsMethodProvider>();
        builder.Services.AddSingleton<IServiceMethodProvider<PointsService>, PointsMethodProvider>();

        var app = builder.Build();
        app.MapGrpcService<HealthService>();
        app.MapGrpcService<CollectionsService>();
        app.MapGrpcService<PointsService>();
        return app;
    }
}
