using OrleansFailover.Backups.Format;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Testing;

namespace OrleansFailover.Backups.Tests;

/// <summary>Files built to hurt the reader get a clear verdict, in bounded memory, and never crash it.</summary>
public sealed class HostileFileTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_string_of_hundreds_of_megabytes_is_refused_at_the_token_limit_without_reading_it_all()
    {
        const long size = 800L * 1024 * 1024;
        using var stream = new GeneratedStream("{\"version\":\"", (byte)'a', size, "\",\"metadata\":{},\"collections\":{}}");
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var verdict = BackupValidator.Validate(stream, "generated", BackupLimits.Default with { MaxTokenBytes = 4 * 1024 * 1024 });

        Assert.False(verdict.IsValid);
        Assert.Contains(verdict.Problems, p => p.Message.Contains("larger than the limit of 4 MiB", StringComparison.Ordinal));
        Assert.True(stream.BytesRead < 16 * 1024 * 1024, $"read {stream.BytesRead} bytes before giving up");
        Assert.True(GC.GetTotalMemory(forceFullCollection: false) - before < 64 * 1024 * 1024);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        var path = _folder.File("deep.json");
        File.WriteAllText(path, $$"""{ "version": "1.0", "metadata": { "x": {{deep}} }, "collections": {} }""");

        var verdict = BackupValidator.ValidateFile(path);

        Assert.False(verdict.IsValid);
        Assert.Contains(verdict.Problems, p => p.Message.Contains("depth", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Binary_junk_is_not_valid_json()
    {
        var junk = new byte[64 * 1024];
        new Random(3).NextBytes(junk);
        junk[0] = (byte)'{';
        var path = _folder.File("junk.bin");
        File.WriteAllBytes(path, junk);

        var verdict = BackupValidator.ValidateFile(path);

        Assert.False(verdict.IsValid);
        Assert.Contains(verdict.Problems, p => p.Message.Contains("JSON", StringComparison.Ordinal) ||
                                               p.Message.Contains("decoded", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_reported_not_thrown()
    {
        var path = _folder.File("utf8.json");
        File.WriteAllBytes(path, [.. "{\"version\":\""u8, 0xFF, 0xFE, .. "\",\"metadata\":{},\"collections\":{}}"u8]);

        var verdict = BackupValidator.ValidateFile(path);

        Assert.False(verdict.IsValid);
    }

    [Fact]
    public void A_number_with_thousands_of_digits_in_a_payload_is_reported()
    {
        var path = _folder.File("bignumber.json");
        var digits = new string('9', 5000);
        File.WriteAllText(path, $$"""
            { "version": "1.0", "metadata": {}, "collections": { "docs": {
              "vectors_config": { "dense": { "size": 1 } },
              "points": [ { "id": 1, "vector": { "dense": [1] }, "payload": { "n": {{digits}}e{{digits}} } } ] } } }
            """);

        var verdict = BackupValidator.ValidateFile(path);

        Assert.False(verdict.IsValid);
        Assert.Contains(verdict.Problems, p => p.Message.Contains("out of range", StringComparison.Ordinal));
    }

    [Fact]
    public void Too_many_collections_are_refused_at_the_limit()
    {
        var collections = string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""
            "c{{i}}": { "vectors_config": { "dense": { "size": 1 } }, "points": [] }
            """));
        var path = _folder.File("many.json");
        File.WriteAllText(path, $$"""{ "version": "1.0", "metadata": {}, "collections": { {{collections}} } }""");

        var verdict = BackupValidator.ValidateFile(path, BackupLimits.Default with { MaxCollections = 10 });

        Assert.False(verdict.IsValid);
        Assert.Contains(verdict.Problems, p => p.Message.Contains("more than 10 collections", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_given_as_the_file_is_reported_as_unreadable()
    {
        var verdict = BackupValidator.ValidateFile(_folder.Path);

        Assert.False(verdict.IsValid);
        Assert.Contains("cannot be opened", Assert.Single(verdict.Problems).Message, StringComparison.Ordinal);
    }
}
