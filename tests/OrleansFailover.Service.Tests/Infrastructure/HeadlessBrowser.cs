using System.Diagnostics;

namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>A real headless Chromium (Debian's chromium package): loads a page, lets its scripts run, returns the DOM.</summary>
public static class HeadlessBrowser
{
    public const string NotInstalled = "no Chromium: apt-get install -y chromium (.ci/run installs it).";

    public static string? Executable => Environment.GetEnvironmentVariable("PATH")?
        .Split(Path.PathSeparator)
        .SelectMany(folder => new[] { "chromium", "chromium-browser", "google-chrome" }.Select(name => Path.Combine(folder, name)))
        .FirstOrDefault(File.Exists);

    /// <summary>The page's DOM after its scripts have run (up to <paramref name="scriptTime"/> of virtual time).</summary>
    public static async Task<string> DumpDomAsync(Uri page, TimeSpan? scriptTime = null)
    {
        using var profile = new Testing.TemporaryDirectory("orleans-failover-chromium");
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException(NotInstalled))
        {
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                $"--user-data-dir={profile.Path}",
                $"--virtual-time-budget={(int)(scriptTime ?? TimeSpan.FromSeconds(3)).TotalMilliseconds}",
                "--dump-dom", page.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var browser = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        var dom = browser.StandardOutput.ReadToEndAsync();
        var errors = browser.StandardError.ReadToEndAsync();
        await browser.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return browser.ExitCode == 0
            ? await dom
            : throw new InvalidOperationException($"Chromium exited with {browser.ExitCode}: {await errors}");
    }
}
