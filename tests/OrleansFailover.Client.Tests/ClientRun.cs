namespace OrleansFailover.Client.Tests;

/// <summary>The outcome of one client run: exit code and what it printed.</summary>
internal sealed record ClientRun(int ExitCode, string Output, string Error)
{
    public static async Task<ClientRun> InProcessAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await ClientApp.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return new ClientRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs the built client as its own process, the way scripts do.</summary>
    public static async Task<ClientRun> AsProcessAsync(params string[] args)
    {
        var client = Path.Combine(AppContext.BaseDirectory, "OrleansFailover.Client.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(client);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new ClientRun(process.ExitCode, await output, await error);
    }
}
