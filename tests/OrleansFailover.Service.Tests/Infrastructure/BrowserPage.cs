using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>
/// One page open in a real headless Chromium, driven over the DevTools protocol: the page stays loaded while the
/// test changes the cluster, so what the test reads is what the page's own scripts made of the change.
/// </summary>
public sealed partial class BrowserPage : IAsyncDisposable
{
    private readonly Process _browser;
    private readonly Testing.TemporaryDirectory _profile;
    private readonly ClientWebSocket _socket;
    private int _nextId;

    public const string NotInstalled = "no Chromium: apt-get install -y chromium (.ci/run installs it).";

    /// <summary>Debian's chromium package (or another Chromium) on the PATH.</summary>
    public static string? Executable => Environment.GetEnvironmentVariable("PATH")?
        .Split(Path.PathSeparator)
        .SelectMany(folder => new[] { "chromium", "chromium-browser", "google-chrome" }.Select(name => Path.Combine(folder, name)))
        .FirstOrDefault(File.Exists);

    private BrowserPage(Process browser, Testing.TemporaryDirectory profile, ClientWebSocket socket)
    {
        _browser = browser;
        _profile = profile;
        _socket = socket;
    }

    public static async Task<BrowserPage> OpenAsync(Uri page)
    {
        var profile = new Testing.TemporaryDirectory("orleans-failover-chromium");
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException(NotInstalled))
        {
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                $"--user-data-dir={profile.Path}", "--remote-debugging-port=0", "about:blank",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var browser = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        try
        {
            var devTools = await ReadDevToolsAddressAsync(browser);
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{devTools}/json/list")))!.AsArray();
            var target = targets.First(t => (string?)t!["type"] == "page")!;
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri((string)target["webSocketDebuggerUrl"]!), CancellationToken.None);
            var opened = new BrowserPage(browser, profile, socket);
            await opened.SendAsync("Page.navigate", new JsonObject { ["url"] = page.ToString() });
            return opened;
        }
        catch
        {
            browser.Kill(entireProcessTree: true);
            profile.Dispose();
            throw;
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page; its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var reply = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return reply["result"]?["value"];
    }

    /// <summary>Reads the page's HTML until <paramref name="condition"/> holds (the page polls /status itself); the HTML then.</summary>
    public async Task<string> WaitForHtmlAsync(Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        var html = string.Empty;
        while (waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            html = (string?)await EvaluateAsync("document.documentElement.outerHTML") ?? string.Empty;
            if (condition(html))
            {
                return html;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The page never showed {what}. Its HTML last was:\n{html}");
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_browser.HasExited)
        {
            _browser.Kill(entireProcessTree: true);
            await _browser.WaitForExitAsync();
        }

        _browser.Dispose();
        _profile.Dispose();
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters)
    {
        var id = ++_nextId;
        var request = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            var message = await ReceiveAsync();
            if ((int?)message["id"] != id)
            {
                continue; // an event, or an answer to someone else
            }

            return message["error"] is { } error
                ? throw new InvalidOperationException($"Chromium refused {method}: {error.ToJsonString()}")
                : message["result"]!;
        }
    }

    private async Task<JsonNode> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        WebSocketReceiveResult result;
        do
        {
            var chunk = new byte[64 * 1024];
            result = await _socket.ReceiveAsync(chunk, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("Chromium closed the DevTools connection.");
            }

            System.Buffers.BuffersExtensions.Write(buffer, chunk.AsSpan(0, result.Count));
        }
        while (!result.EndOfMessage);

        return JsonNode.Parse(buffer.WrittenSpan)!;
    }

    private static async Task<string> ReadDevToolsAddressAsync(Process browser)
    {
        // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on standard error.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await browser.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = DevToolsLine().Match(line);
            if (match.Success)
            {
                // Keep both pipes drained, or a chatty Chromium blocks on a full one.
                _ = browser.StandardError.ReadToEndAsync(CancellationToken.None);
                _ = browser.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException($"Chromium exited ({browser.ExitCode}) before it opened DevTools.");
    }

    [GeneratedRegex(@"DevTools listening on ws://([^/]+)/")]
    private static partial Regex DevToolsLine();
}
