using System.Diagnostics;
using System.Globalization;

namespace OrleansFailover.Chaos.Cluster;

/// <summary>
/// One silo process: the silo program from this process's output folder, its log in its own folder. Started with
/// <see cref="StopWhenInputEnds"/>, it ends when this process does, however this process ends.
/// </summary>
public sealed class SiloProcess(string name, string folder, IReadOnlyDictionary<string, string> settings)
{
    /// <summary>The silo's switch (an environment variable) to stop when its standard input ends.</summary>
    public const string StopWhenInputEnds = "ORLEANSFAILOVER_STOP_WHEN_INPUT_ENDS";

    private Process? _process;

    public string Name { get; } = name;

    public int SiloPort { get; } = int.Parse(settings["Orleans__SiloPort"], CultureInfo.InvariantCulture);

    public string Log => Path.Combine(folder, "silo.log");

    /// <summary>The silo's health endpoints: /health/live, /health/ready, /health/startup.</summary>
    public Uri Http { get; } = new($"http://127.0.0.1:{settings["Http__Port"]}/");

    public async Task StartAsync()
    {
        Directory.CreateDirectory(folder);
        var program = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "OrleansFailover.Silo.exe" : "OrleansFailover.Silo");
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true, // never written: it closes when this process ends
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Log, append: true) { AutoFlush = true };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Silo {Name} did not start.");
        _process.OutputDataReceived += (_, line) => Write(log, line.Data);
        _process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        try
        {
            await WaitUntilStartedAsync();
        }
        catch
        {
            await KillAsync(); // a silo that did not start is not left behind
            throw;
        }
    }

    /// <summary>Started means what Kubernetes' startup probe sees: /health/startup answers 200 once the silo has joined.</summary>
    private async Task WaitUntilStartedAsync()
    {
        var process = _process!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited while starting; see {Log}.");
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Silo {Name} did not report started within 60 s; see {Log}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Http, "health/startup"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the silo vanishes without leaving the cluster; the others must notice.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, then waits for the process to end: a graceful shutdown, as Kubernetes does before it deletes a pod.</summary>
    public async Task StopGracefullyAsync()
    {
        if (_process is { HasExited: false })
        {
            await SendTerminateAsync();
            await WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM without waiting: the shutdown has begun.</summary>
    public async Task SendTerminateAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"Silo {Name} was never started.");
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
    }

    /// <summary>Waits (at most <paramref name="limit"/>, a minute by default) for the process to end; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? limit = null)
    {
        var process = _process ?? throw new InvalidOperationException($"Silo {Name} was never started.");
        await process.WaitForExitAsync().WaitAsync(limit ?? TimeSpan.FromSeconds(60));
        return process.ExitCode;
    }

    /// <summary>The process is there and has not ended.</summary>
    public bool IsRunning => _process is { HasExited: false };

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
