using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using OrleansFailover.Testing;

namespace OrleansFailover.Chaos.Cluster;

/// <summary>
/// A real redis-server for the cluster tests: the one CI started (ORLEANSFAILOVER_REDIS=host:port; each cluster
/// keeps to its own cluster id), or its own process on a free loopback port (append-only file on, so a restart
/// keeps the data, as a Redis with a disk does), started from the redis-server on the PATH. A Redis of its own
/// ends with this process even if this process is killed: it runs under a shell that stops it when the pipe to
/// its input closes. When neither is there the tests that need Redis are skipped, saying how to install it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Variable = "ORLEANSFAILOVER_REDIS";

    private readonly TemporaryDirectory _folder = new("orleans-failover-redis");
    private readonly string? _external;
    private Process? _process;

    private RedisServer(int port, string? external = null)
    {
        Port = port;
        _external = external;
    }

    public int Port { get; }

    public string ConnectionString => _external ?? $"127.0.0.1:{Port}";

    /// <summary>Whether a Redis can be had: CI's, or a redis-server to start.</summary>
    public static bool Available => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } || Executable is not null;

    /// <summary>CI's Redis when there is one, otherwise a private one.</summary>
    public static async Task<RedisServer> SharedOrStartAsync() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } external ? new RedisServer(0, external) : await StartAsync();

    public static string? Executable => Environment.GetEnvironmentVariable("PATH")?
        .Split(Path.PathSeparator)
        .Select(folder => Path.Combine(folder, "redis-server"))
        .FirstOrDefault(File.Exists);

    public const string NotInstalled = "no Redis: redis-server is not installed (apt-get install -y redis-server) and ORLEANSFAILOVER_REDIS is not set; .ci/run does both.";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePorts.Next());
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Stops Redis abruptly (SIGKILL) and starts it again on the same port with the same data.</summary>
    public async Task RestartAsync(TimeSpan downFor)
    {
        if (_external is not null)
        {
            throw new InvalidOperationException("A shared Redis cannot be restarted by a test; use StartAsync for a private one.");
        }

        await StopAsync();
        await Task.Delay(downFor);
        await StartProcessAsync();
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder.Dispose();
    }

    private async Task StartProcessAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException(NotInstalled);
        // redis-server cannot watch its parent: the shell does, through the pipe to its input, which closes when this
        // process ends however it ends; then it stops Redis.
        var redis = $"'{executable}' --port {Port.ToString(System.Globalization.CultureInfo.InvariantCulture)} --bind 127.0.0.1 --dir '{_folder.Path}' --appendonly yes --appendfsync always --save ''";
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", $"{redis} & redis=$!; cat > /dev/null; kill -9 $redis" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
            {
                await Task.Delay(20);
            }
        }
    }

}
