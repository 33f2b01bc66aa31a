using System.Text.Json;
using OrleansFailover.Client;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Service.Tests.Infrastructure;
using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests;

/// <summary>The command-line client against a running cluster: what operators and scripts do.</summary>
public sealed class ClientCommandTests(EmbeddedSiloFixture fixture) : IClassFixture<EmbeddedSiloFixture>, IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _files = new();

    private EmbeddedSiloFixture Service => fixture;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Create_upsert_sync_and_search_work_end_to_end()
    {
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var points = _files.File("points.jsonl");
        await File.WriteAllLinesAsync(points,
        [
            """{"id": 1, "vector": {"dense": [1, 0, 0, 0], "sparse": {"indices": [1, 5], "values": [0.5, 0.5]}}, "payload": {"file": "a.cs", "line": 1}}""",
            """{"id": "6f1a9c3e0b7d4e2a9c1f2d3e4f5a6b7c", "vector": {"dense": [0, 1, 0, 0]}, "payload": {"file": "b.cs", "line": 2}}""",
            "",
            """{"id": 3, "vector": {"dense": [0.9, 0.1, 0, 0]}, "payload": {"file": "c.cs", "nested": {"x": [1, 2.5]}}}""",
        ], TestContext.Current.CancellationToken);
        var query = _files.File("query.json");
        await File.WriteAllTextAsync(query, "[1, 0, 0, 0]", TestContext.Current.CancellationToken);

        var create = await RunAsync("create", name, "--dense", "dense:4:Cosine", "--sparse", "sparse");
        var upsert = await RunAsync("upsert", name, "--file", points);
        var sync = await RunAsync("sync", name, "--json");
        var search = await RunAsync("search", name, "--vector-file", query, "--top", "2", "--json");

        Assert.Equal(ExitCodes.Success, create.ExitCode);
        Assert.Equal(ExitCodes.Success, upsert.ExitCode);
        Assert.Contains("upserted 3 point(s)", upsert.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, sync.ExitCode);
        using var synced = JsonDocument.Parse(sync.Output);
        Assert.Equal("Completed", synced.RootElement[0].GetProperty("outcome").GetString());
        Assert.Equal(3, synced.RootElement[0].GetProperty("points").GetInt64());
        using var hits = JsonDocument.Parse(search.Output);
        Assert.Equal(2, hits.RootElement.GetArrayLength());
        Assert.Equal(1, hits.RootElement[0].GetProperty("id").GetInt64());
        Assert.Equal(1.0, hits.RootElement[0].GetProperty("score").GetDouble(), 5);
        Assert.Equal("a.cs", hits.RootElement[0].GetProperty("payload").GetProperty("file").GetString());
        Assert.Equal(3, hits.RootElement[1].GetProperty("id").GetInt64());
        Assert.Equal(2.5, hits.RootElement[1].GetProperty("payload").GetProperty("nested").GetProperty("x")[1].GetDouble());
    }

    [Fact]
    public async Task Status_as_json_carries_the_fields_dashboards_read()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 12));
        await Service.Failover.SyncNow(name);

        var run = await RunAsync("status", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var status = JsonDocument.Parse(run.Output);
        var root = status.RootElement;
        Assert.True(root.GetProperty("backup_enabled").GetBoolean());
        Assert.False(root.GetProperty("failover_active").GetBoolean());
        Assert.Equal("primary", root.GetProperty("active_store").GetString());
        Assert.Equal("Closed", root.GetProperty("circuit_state").GetString());
        Assert.Equal(0, root.GetProperty("consecutive_failures").GetInt32());
        Assert.Equal(JsonValueKind.String, root.GetProperty("last_backup_sync").ValueKind);
        var collection = root.GetProperty("collections").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        Assert.True(collection.GetProperty("backup_file_exists").GetBoolean());
        Assert.True(collection.GetProperty("size_bytes").GetInt64() > 0);
        Assert.Equal(1, collection.GetProperty("generation").GetInt64());
        Assert.Equal(12, collection.GetProperty("point_count").GetInt64());
        Assert.Equal(JsonValueKind.String, collection.GetProperty("last_sync").ValueKind);
    }

    [Fact]
    public async Task Failover_force_and_return_move_traffic_and_say_so()
    {
        var force = await RunAsync("failover", "force", "--reason", "drill");
        var status = await Service.Status.GetStatus();
        var back = await RunAsync("failover", "return");

        Assert.Equal(ExitCodes.Success, force.ExitCode);
        Assert.Contains("traffic goes to the backup", force.Output, StringComparison.Ordinal);
        Assert.Equal("forced failover: drill", status.LastTransitionReason);
        Assert.Equal(ExitCodes.Success, back.ExitCode);
        Assert.Contains("traffic goes to Qdrant", back.Output, StringComparison.Ordinal);
        Assert.False((await Service.Failover.GetMode()).FailoverActive);
    }

    [Fact]
    public async Task Journal_shows_pending_failover_writes_and_sync_back_replays_them()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 10));
        await Service.Failover.SyncNow(name);
        var forced = await Service.Failover.ForceFailover("client journal test");
        await Service.WaitForSiloToLearn(forced.Version);
        await Service.Router.Upsert(name, TestData.Small(points: 4, seed: 8).Points().ToArray());

        var journal = await RunAsync("journal", name, "--json");
        var replay = await RunAsync("sync-back", name);
        var after = await RunAsync("journal", name);
        var inQdrantDuringFailover = Service.Primary.Storage.Collections[name].Count;
        var back = await RunAsync("sync-back");

        Assert.Equal(ExitCodes.Success, journal.ExitCode);
        using (var json = JsonDocument.Parse(journal.Output))
        {
            Assert.Equal(1, json.RootElement.GetProperty("pending_records").GetInt64());
            Assert.True(json.RootElement.GetProperty("size_bytes").GetInt64() > 0);
        }

        Assert.Equal(ExitCodes.Success, replay.ExitCode);
        Assert.Contains("1 records replayed (4 upserted, 0 deleted), 0 conflict(s)", replay.Output, StringComparison.Ordinal);
        Assert.Contains("pending replay:  0 write(s)", after.Output, StringComparison.Ordinal);
        Assert.Equal(14, inQdrantDuringFailover);
        Assert.Equal(ExitCodes.Success, back.ExitCode);
        Assert.Contains("traffic goes to Qdrant", back.Output, StringComparison.Ordinal);
        Assert.False((await Service.Failover.GetMode()).FailoverActive);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("bell\u0007")]
    public async Task A_hostile_collection_name_is_refused_and_nothing_is_created(string name)
    {
        var run = await RunAsync("create", name, "--dense", "dense:4:Cosine");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("invalid collection name", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Service.BackupFolder, "..", "escape")));
        Assert.DoesNotContain(Service.Primary.Storage.Collections.Keys, k => k.Contains("escape", StringComparison.Ordinal) || k == name);
    }

    [Fact]
    public async Task A_file_with_one_bad_line_is_refused_before_anything_is_sent()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 5));
        var points = _files.File("bad.jsonl");
        await File.WriteAllLinesAsync(points,
        [
            """{"id": 100, "vector": {"dense": [1, 2]}}""",
            """{"id": "not-a-uuid", "vector": {"dense": [1, 2]}}""",
        ], TestContext.Current.CancellationToken);

        var run = await RunAsync("upsert", name, "--file", points);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("bad.jsonl line 2.id: 'not-a-uuid' is not a UUID", run.Error, StringComparison.Ordinal);
        Assert.Equal(5, await Service.Router.Count(name));
    }

    [Fact]
    public async Task Points_of_the_wrong_dimension_are_refused_by_the_service_with_the_reason()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 5));
        var points = _files.File("wrong.jsonl");
        await File.WriteAllLinesAsync(points, ["""{"id": 100, "vector": {"dense": [1, 2, 3]}}"""], TestContext.Current.CancellationToken);

        var run = await RunAsync("upsert", name, "--file", points);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("expected dim: 16, got 3", run.Error, StringComparison.Ordinal);
        Assert.Equal(5, await Service.Router.Count(name));
        Assert.False((await Service.Failover.GetMode()).FailoverActive);
    }

    [Fact]
    public async Task Searching_a_missing_collection_says_it_does_not_exist()
    {
        var query = _files.File("q.json");
        await File.WriteAllTextAsync(query, "[1, 0]", TestContext.Current.CancellationToken);

        var run = await RunAsync("search", "no-such-collection", "--vector-file", query, "--using", "dense");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("'no-such-collection' does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_silo_exits_three_with_a_clear_message()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await ClientApp.RunAsync(["status", "--gateway", "127.0.0.1:1"], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.SiloUnreachable, code);
        Assert.Contains("cannot reach the silo at 127.0.0.1:1", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sync_that_is_skipped_fails_the_command()
    {
        var name = await TestData.CreateCollectionAsync(Service, TestData.Small(points: 5));
        var forced = await Service.Failover.ForceFailover("test");
        await Service.WaitForSiloToLearn(forced.Version);

        var run = await RunAsync("sync", name);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("SKIPPED", run.Output, StringComparison.Ordinal);
        Assert.Contains(ServiceEventKind.SyncSkipped, Service.Events.Events.Select(e => e.Kind));
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ClientApp.RunAsync([.. args, "--gateway", Service.Gateway], output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
