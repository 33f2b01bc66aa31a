using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Service.Tests.Infrastructure;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.Service.Tests;

/// <summary>
/// The production hosting mode: three silo processes on a real redis-server (membership, reminders, grain state),
/// one shared backup folder. Silos die, restart one by one, and Redis itself restarts; the service keeps its word.
/// </summary>
public sealed class RedisClusterTests : IAsyncLifetime
{
    private SiloProcessCluster? _cluster;

    private SiloProcessCluster Cluster => _cluster!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // The test that restarts Redis needs a Redis of its own; the others share CI's when there is one.
    // The drain test gives its silos a drain long enough to be seen however busy the machine is.
    public async ValueTask InitializeAsync() => _cluster = await ProcessClusters.StartForTestAsync(
        silos: 3,
        privateRedis: TestNamed("redis_restart"),
        settings: TestNamed("drains") ? new Dictionary<string, string> { ["Orleans__ShutdownDrainDelay"] = "00:00:05" } : null);

    private static bool TestNamed(string part) =>
        TestContext.Current.Test?.TestDisplayName.Contains(part, StringComparison.Ordinal) == true;

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_silo_answers_its_health_probes()
    {
        using var http = new HttpClient();
        foreach (var silo in Cluster.Silos)
        {
            foreach (var probe in new[] { "health/live", "health/startup", "health/ready" })
            {
                using var response = await http.GetAsync(new Uri(silo.Http, probe), Cancel);
                Assert.True(response.IsSuccessStatusCode, $"{silo.Name} {probe}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task A_stopping_silo_turns_unready_at_once_keeps_serving_while_it_drains_then_exits_cleanly()
    {
        var silo = Cluster.Silos[^1];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        await silo.SendTerminateAsync();
        // Readiness is polled the way Kubernetes does; the drain (5 s here) is the window in which it must see 503.
        HttpResponseMessage ready;
        while (true)
        {
            ready = await http.GetAsync(new Uri(silo.Http, "health/ready"), Cancel);
            if (ready.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                break;
            }

            ready.Dispose();
            await Task.Delay(20, Cancel);
        }

        using (ready)
        using (var live = await http.GetAsync(new Uri(silo.Http, "health/live"), Cancel))
        using (var status = await http.GetAsync(new Uri(silo.Http, "status"), Cancel))
        {
            var exitCode = await silo.WaitForExitAsync();

            Assert.Equal("shutting down", await ready.Content.ReadAsStringAsync(Cancel));
            Assert.True(live.IsSuccessStatusCode, $"live: {(int)live.StatusCode}");
            Assert.True(status.IsSuccessStatusCode, $"status during the drain: {(int)status.StatusCode}");
            Assert.Equal(0, exitCode);
        }
    }

    [Fact]
    public async Task The_silo_that_syncs_a_collection_exports_it_in_its_prometheus_metrics()
    {
        var name = await TestData.CreateCollectionAsync(Cluster.Router, TestData.Small(points: 21));
        await Cluster.Control.SyncNow(name);
        var silo = Cluster.SiloAt((await Cluster.CollectionStatusAsync(name)).HostedOn!);

        using var http = new HttpClient();
        bool IsPointsOfThisCollection(string line) =>
            line.StartsWith("orleans_failover_sync_points", StringComparison.Ordinal) && line.Contains($"collection=\"{name}\"", StringComparison.Ordinal);
        var metrics = await Healing.UntilAnsweredAsync(async () =>
        {
            // The exporter caches a scrape for a moment; the sync's counters show up in the next one.
            var text = await http.GetStringAsync(new Uri(silo.Http, "metrics"), Cancel);
            return text.Split('\n').Any(IsPointsOfThisCollection) ? text : throw new TimeoutException("not exported yet");
        });

        var points = metrics.Split('\n').Single(IsPointsOfThisCollection);
        Assert.EndsWith(" 21", points.Split('#')[0].TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("orleans_failover_circuit_state", metrics, StringComparison.Ordinal);
        Assert.Contains("orleans_failover_sync_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("failover/force")]
    [InlineData("failover/return")]
    [InlineData("sync/docs")]
    public async Task State_changes_over_http_without_the_full_key_as_a_header_are_refused_and_change_nothing(string action)
    {
        var name = await TestData.CreateCollectionAsync(Cluster.Router, TestData.Small(points: 5), "docs");
        var before = await Cluster.Status.GetStatus();
        var modeBefore = await Cluster.Control.GetMode();
        var silo = Cluster.Silos[0];
        using var http = new HttpClient();

        using var none = await http.PostAsync(new Uri(silo.Http, $"admin/{action}"), null, Cancel);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, new Uri(silo.Http, $"admin/{action}"));
        wrong.Headers.Add("X-Api-Key", "not-the-key");
        using var wrongAnswer = await http.SendAsync(wrong, Cancel);
        // A browser logged in to the dashboard sends its Basic login with any request, a cross-site post included.
        using var basic = new HttpRequestMessage(HttpMethod.Post, new Uri(silo.Http, $"admin/{action}"));
        basic.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("operator:" + Cluster.ApiKey)));
        using var basicAnswer = await http.SendAsync(basic, Cancel);
        using var reader = new HttpRequestMessage(HttpMethod.Post, new Uri(silo.Http, $"admin/{action}"));
        reader.Headers.Add("X-Api-Key", Cluster.ReadOnlyApiKey);
        using var readerAnswer = await http.SendAsync(reader, Cancel);
        using var status = await http.GetAsync(new Uri(silo.Http, "status"), Cancel);
        var after = await Cluster.Status.GetStatus();
        var modeAfter = await Cluster.Control.GetMode();

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrongAnswer.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, basicAnswer.StatusCode);
        Assert.Contains("HTTP Basic is accepted only for the dashboard's GET requests", await basicAnswer.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, readerAnswer.StatusCode);
        Assert.Contains("API key", await none.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.True(status.IsSuccessStatusCode, "reading the status stays open");
        Assert.Equal(modeBefore.Version, modeAfter.Version);
        Assert.Equal(before.Collections.Single(c => c.Name == name).Generation, after.Collections.Single(c => c.Name == name).Generation);
    }

    [Fact]
    public async Task The_orleans_dashboard_asks_for_the_api_key_and_opens_with_it()
    {
        var dashboard = new Uri(Cluster.Silos[0].Http, "dashboard/");
        using var http = new HttpClient();

        using var refused = await http.GetAsync(dashboard, Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Get, dashboard);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("operator:" + Cluster.ApiKey)));
        using var opened = await http.SendAsync(request, Cancel);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Basic", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.True(opened.IsSuccessStatusCode, $"{(int)opened.StatusCode}");
        Assert.Contains("<html", await opened.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_silo_that_protects_its_status_shows_it_only_with_a_key_and_never_the_coordination_counters()
    {
        var guarded = Cluster.NewSilo("guarded", new Dictionary<string, string> { ["Security__ProtectStatus"] = "true" });
        await guarded.StartAsync();
        try
        {
            using var http = new HttpClient();
            using var refused = await http.GetAsync(new Uri(guarded.Http, "status"), Cancel);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(guarded.Http, "status"));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("operator:" + Cluster.ReadOnlyApiKey)));
            using var shown = await http.SendAsync(request, Cancel);
            var open = await http.GetStringAsync(new Uri(Cluster.Silos[0].Http, "status"), Cancel);

            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("Basic", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.True(shown.IsSuccessStatusCode, $"{(int)shown.StatusCode}");
            Assert.Contains("\"circuit\"", await shown.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
            Assert.DoesNotContain("mode_version", open, StringComparison.Ordinal);
            Assert.DoesNotContain("sync_back_attempt", open, StringComparison.Ordinal);
        }
        finally
        {
            await guarded.KillAsync();
        }
    }

    [Fact]
    public async Task With_the_api_key_an_operator_forces_failover_and_the_return_over_http()
    {
        await TestData.CreateCollectionAsync(Cluster.Router, TestData.Small(points: 5));
        var silo = Cluster.Silos[1];
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Cluster.ApiKey);

        using var hostile = await http.PostAsync(new Uri(silo.Http, "admin/sync/bell%07"), null, Cancel);
        using var forced = await http.PostAsync(new Uri(silo.Http, "admin/failover/force?reason=drill"), null, Cancel);
        var during = await Cluster.Control.GetMode();
        using var returned = await http.PostAsync(new Uri(silo.Http, "admin/failover/return"), null, Cancel);
        var status = await Healing.UntilAnsweredAsync(async () =>
        {
            var now = await Cluster.Status.GetStatus();
            return now.FailoverActive ? throw new TimeoutException("sync-back still running") : now;
        });
        using var statusJson = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(silo.Http, "status"), Cancel));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, hostile.StatusCode);
        Assert.Contains("not a valid collection name", await hostile.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.True(forced.IsSuccessStatusCode);
        Assert.True(during.FailoverActive);
        Assert.True(returned.IsSuccessStatusCode);
        Assert.Equal(CircuitState.Closed, status.Circuit);
        Assert.Equal("Closed", statusJson.RootElement.GetProperty("circuit").GetString());
    }

    [Fact]
    public async Task The_status_page_renders_the_clusters_state_in_a_real_browser_and_changes_when_failover_starts()
    {
        Assert.SkipWhen(BrowserPage.Executable is null, BrowserPage.NotInstalled);
        var name = await TestData.CreateCollectionAsync(Cluster.Router, TestData.Small(points: 17));
        await Cluster.Control.SyncNow(name);
        await using var page = await BrowserPage.OpenAsync(new Uri(Cluster.Silos[2].Http, "/"));

        var healthy = await page.WaitForHtmlAsync(html => html.Contains($"data-collection=\"{name}\"", StringComparison.Ordinal), "the collection's row");
        // Marks this very document: if the page were reloaded instead of updating itself, the mark would be gone.
        await page.EvaluateAsync("window.__testMark = 'loaded once'");
        await Cluster.Control.ForceFailover("status page test");
        await Cluster.Events.WaitFor(ServiceEventKind.RestoreCompleted, name);
        var failedOver = await page.WaitForHtmlAsync(
            html => html.Contains("restored generation 1", StringComparison.Ordinal), "the restore of generation 1");
        var sameDocument = (string?)await page.EvaluateAsync("window.__testMark");

        Assert.Contains(">CLOSED</span>", healthy, StringComparison.Ordinal);
        Assert.Contains("traffic on Qdrant", healthy, StringComparison.Ordinal);
        Assert.Contains($"<tr data-collection=\"{name}\"><td>{name}</td>", healthy, StringComparison.Ordinal);
        Assert.Contains("<td>17</td>", healthy, StringComparison.Ordinal);
        Assert.Equal("loaded once", sameDocument);
        Assert.Contains(">OPEN</span>", failedOver, StringComparison.Ordinal);
        Assert.Contains("FAILOVER ACTIVE", failedOver, StringComparison.Ordinal);
        Assert.Contains("restored generation 1 (17 points)", failedOver, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_client_finds_the_cluster_through_redis()
    {
        var name = await TestData.CreateCollectionAsync(Cluster.Router, TestData.Small(points: 12));
        var start = new System.Diagnostics.ProcessStartInfo(ProgramPaths.Built("client", "OrleansFailover.Client"))
        {
            ArgumentList = { "status", "--json" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in Cluster.ClientEnvironment)
        {
            start.Environment[key] = value;
        }

        using var client = System.Diagnostics.Process.Start(start)!;
        var output = await client.StandardOutput.ReadToEndAsync(Cancel);
        var errors = await client.StandardError.ReadToEndAsync(Cancel);
        await client.WaitForExitAsync(Cancel);

        Assert.True(client.ExitCode == 0, errors);
        using var status = System.Text.Json.JsonDocument.Parse(output);
        Assert.False(status.RootElement.GetProperty("failover_active").GetBoolean());
        Assert.Contains(name, status.RootElement.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task When_the_silo_holding_the_failover_grain_dies_during_failover_the_cluster_stays_in_failover_and_serves()
    {
        var workload = TestData.Small(points: 80);
        var name = await TestData.CreateCollectionAsync(Cluster.Router, workload);
        await Cluster.Control.SyncNow(name);
        var before = await Cluster.Router.Search(name, TestData.DenseQuery(workload, 0));
        await Cluster.Primary.StopAsync();
        await Healing.UntilAnsweredAsync(() => Cluster.Router.Search(name, TestData.DenseQuery(workload, 0)));
        var status = await Cluster.Status.GetStatus();

        await Cluster.SiloAt(status.HostedOn!).KillAsync();
        var after = await Healing.UntilAnsweredAsync(() => Cluster.Router.Search(name, TestData.DenseQuery(workload, 0)));
        var statusAfter = await Healing.UntilAnsweredAsync(() => Cluster.Status.GetStatus());

        Assert.True(status.FailoverActive);
        Assert.True(statusAfter.FailoverActive, "the failover grain's state lives in Redis");
        Assert.Equal(status.FailoverSince, statusAfter.FailoverSince);
        Assert.NotEqual(status.HostedOn, statusAfter.HostedOn);
        Routing.AssertSameHits(before, after);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_silo_during_failover_loses_no_acknowledged_write()
    {
        var workload = TestData.Small(points: 40);
        var name = await TestData.CreateCollectionAsync(Cluster.Router, workload);
        await Cluster.Control.SyncNow(name);
        await Cluster.Control.ForceFailover("rolling restart test");
        var acknowledged = new List<PointId>();
        var stream = TestData.Small(points: 90, seed: 91).Points().ToArray();
        var next = 0;

        foreach (var silo in Cluster.Silos)
        {
            for (var i = 0; i < 30; i++, next++)
            {
                await Healing.UntilDoneAsync(() => Cluster.Router.Upsert(name, [stream[next]]));
                acknowledged.Add(stream[next].Id);
            }

            await silo.StopGracefullyAsync();
            await silo.StartAsync();
        }

        var served = await Healing.UntilAnsweredAsync(() => Cluster.Router.Count(name));
        await Healing.UntilDoneAsync(Cluster.SubscribeAsync);
        var syncingBack = await Healing.UntilAnsweredAsync(() => Cluster.Control.ForceReturn("rolling restart done"));
        await Returning.WaitAsync(Cluster.Events, Cluster.Control.GetMode, syncingBack, _ => Task.CompletedTask);

        Assert.Equal(40 + 90, served);
        using var qdrant = new QdrantVectorStore(new QdrantStoreOptions { Endpoint = Cluster.Primary.Endpoint });
        Assert.Equal(acknowledged.Count, (await qdrant.GetAsync(name, acknowledged, cancellationToken: Cancel)).Count);
        Assert.Equal(130, await qdrant.CountAsync(name, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Reminders_keep_syncing_after_the_silo_holding_a_collection_grain_dies()
    {
        var name = await TestData.CreateCollectionAsync(Cluster.Router, TestData.Small(points: 30));
        var hostedOn = (await Cluster.CollectionStatusAsync(name)).HostedOn!;

        await Cluster.SiloAt(hostedOn).KillAsync();
        var killedAt = DateTimeOffset.UtcNow;

        // The reminder (every 30 s, kept in Redis) fires on a surviving silo and the sync publishes a generation.
        // Event subscriptions die with the failover grain's silo, so this asks the collection's status instead.
        var status = await Healing.UntilAnsweredAsync(
            async () =>
            {
                var now = await Cluster.CollectionStatusAsync(name);
                return now.LastSync > killedAt ? now : throw new TimeoutException($"no sync since the kill yet (last {now.LastSync})");
            },
            TimeSpan.FromSeconds(120));

        Assert.NotEqual(hostedOn, status.HostedOn);
        Assert.True(status.BackupFileExists);
        Assert.Equal(30, status.PointCount);
    }

    [Fact]
    public async Task A_redis_restart_mid_run_does_not_stop_the_service_and_state_is_written_again_afterwards()
    {
        var workload = TestData.Small(points: 25);
        var name = await TestData.CreateCollectionAsync(Cluster.Router, workload);
        await Cluster.Control.SyncNow(name);

        await Cluster.Redis.RestartAsync(downFor: TimeSpan.FromSeconds(2));
        var searched = await Healing.UntilAnsweredAsync(() => Cluster.Router.Search(name, TestData.DenseQuery(workload, 1)));
        await Healing.UntilDoneAsync(() => Cluster.Router.Upsert(name, TestData.Small(points: 5, seed: 95).Points().ToArray()));
        var sync = await Healing.UntilAnsweredAsync(async () =>
        {
            var report = await Cluster.Control.SyncNow(name);
            return report.Outcome == SyncOutcome.Completed ? report : throw new TimeoutException($"sync not completed yet: {report.Reason}");
        });

        Assert.Equal(5, searched.Count);
        Assert.Equal(30, sync.Points);
        Assert.Equal(2, sync.Generation);
    }
}
