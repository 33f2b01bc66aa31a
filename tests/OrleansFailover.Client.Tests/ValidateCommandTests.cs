using System.Text.Json;
using OrleansFailover.Backups.Writing;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.Client.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_valid_native_backup_exits_zero_and_says_valid_with_its_counts()
    {
        var path = WriteNative(points: 12);

        var run = await ClientRun.InProcessAsync("validate", path);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith($"VALID {path}: version 3.0, 1 collection(s), 12 points", run.Output, StringComparison.Ordinal);
        Assert.Contains("verified", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_backup_exits_one_with_a_line_per_problem()
    {
        var path = _folder.File("bad.json");
        await File.WriteAllTextAsync(path, """
            { "version": "1.0", "metadata": {}, "collections": { "docs": {
              "vectors_config": { "dense": { "size": 2 } },
              "points": [ { "id": "nope", "vector": { "dense": [1, 2] } }, { "id": 2, "vector": { "dense": [1] } } ] } } }
            """, TestContext.Current.CancellationToken);

        var run = await ClientRun.InProcessAsync("validate", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"INVALID {path}: 2 problem(s)", lines[0]);
        Assert.Contains(lines, l => l.Contains("collections[\"docs\"].points[0].id: 'nope' is not a UUID", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("collections[\"docs\"].points[1]: dense vector 'dense' has 1 dimensions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_json_verdict_is_machine_readable()
    {
        var path = WriteNative(points: 3);

        var run = await ClientRun.InProcessAsync("validate", path, "--json");

        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal("3.0", root.GetProperty("version").GetString());
        Assert.True(root.GetProperty("checksum_verified").GetBoolean());
        Assert.Equal(3, root.GetProperty("collections")[0].GetProperty("points").GetInt64());
        Assert.Equal(0, root.GetProperty("problem_count").GetInt32());
    }

    [Fact]
    public async Task A_missing_file_exits_one_and_says_why()
    {
        var run = await ClientRun.InProcessAsync("validate", _folder.File("absent.json"), "--json");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        Assert.False(document.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains("cannot be opened", document.RootElement.GetProperty("problems")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("validate")]
    [InlineData("validate", "a.json", "--bogus")]
    [InlineData("frobnicate")]
    public async Task Wrong_usage_exits_two(params string[] args)
    {
        var run = await ClientRun.InProcessAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_backup_is_invalid()
    {
        var path = WriteNative(points: 40);
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length - 200)], TestContext.Current.CancellationToken);

        var run = await ClientRun.InProcessAsync("validate", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("checksum", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deeply_nested_hostile_json_gets_a_verdict_not_a_crash()
    {
        var path = _folder.File("deep.json");
        await File.WriteAllTextAsync(path, "{\"version\":\"1.0\",\"metadata\":" + new string('[', 100_000), TestContext.Current.CancellationToken);

        var run = await ClientRun.InProcessAsync("validate", path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("INVALID", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_built_client_process_returns_the_exit_codes_scripts_rely_on()
    {
        var valid = await ClientRun.AsProcessAsync("validate", WriteNative(points: 2));
        var invalid = await ClientRun.AsProcessAsync("validate", _folder.File("absent.json"));
        var usage = await ClientRun.AsProcessAsync("validate");

        Assert.Equal([ExitCodes.Success, ExitCodes.Failure, ExitCodes.Usage], [valid.ExitCode, invalid.ExitCode, usage.ExitCode]);
    }

    private string WriteNative(int points)
    {
        var path = _folder.File($"native-{Guid.NewGuid():N}.json");
        using var file = File.Create(path);
        using var writer = new BackupWriter(file);
        writer.WriteHeader(new BackupHeader(DateTimeOffset.UtcNow, BackupHeader.PrimarySync, 1));
        writer.BeginCollection("docs", TestPoints.DenseSchema(3, Distance.Cosine));
        writer.WritePoints(Enumerable.Range(1, points).Select(i => TestPoints.Dense((ulong)i, "dense", [i, 1, 0])).ToArray());
        writer.EndCollection();
        writer.Complete();
        return path;
    }
}
