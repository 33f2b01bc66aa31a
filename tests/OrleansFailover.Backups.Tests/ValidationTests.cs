using OrleansFailover.Backups.Format;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.Backups.Tests;

/// <summary>Every check of FORMATS.md fails a file that breaks it, and says what failed and where.</summary>
public sealed class ValidationTests : IDisposable
{
    private const string GoodCollection = """
        "docs": {
          "metadata": { "point_count": 1 },
          "vectors_config": { "dense": { "size": 2, "distance": "Dot" } },
          "sparse_vectors_config": { "sparse": {} },
          "points": [ { "id": 1, "vector": { "dense": [1, 2] }, "payload": {} } ]
        }
        """;

    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string, string, string> BrokenFiles => new()
    {
        { "empty file", "", "file", "empty" },
        { "not JSON", "this is not json", "line 1", "not valid JSON" },
        { "a JSON array", "[1, 2]", "file", "JSON object" },
        { "unclosed", "{\"version\": \"1.0\", \"metadata\": {}, \"collections\": {", "line", "JSON" },
        { "no version", $$"""{ "metadata": {}, "collections": { {{GoodCollection}} } }""", "file", "'version' is missing" },
        { "no metadata", $$"""{ "version": "1.0", "collections": { {{GoodCollection}} } }""", "file", "'metadata' is missing" },
        { "no collections", """{ "version": "1.0", "metadata": {} }""", "file", "'collections' is missing" },
        { "unknown version", $$"""{ "version": "9.1", "metadata": {}, "collections": { {{GoodCollection}} } }""", "version", "unknown version '9.1'" },
        { "version not a string", $$"""{ "version": 1, "metadata": {}, "collections": { {{GoodCollection}} } }""", "version", "must be a string" },
        { "metadata not an object", $$"""{ "version": "1.0", "metadata": [], "collections": { {{GoodCollection}} } }""", "metadata", "must be an object" },
        { "collections not an object", """{ "version": "1.0", "metadata": {}, "collections": [] }""", "collections", "must be an object" },
        { "collection without points", """{ "version": "1.0", "metadata": {}, "collections": { "docs": { "vectors_config": { "dense": { "size": 2 } } } } }""", "collections[\"docs\"]", "no 'points'" },
        { "collection without config", """{ "version": "1.0", "metadata": {}, "collections": { "docs": { "points": [] } } }""", "collections[\"docs\"]", "no vector config" },
        { "wrong dimension", Single("""{ "id": 1, "vector": { "dense": [1, 2, 3] } }"""), "collections[\"docs\"].points[0]", "has 3 dimensions, the collection expects 2" },
        { "id not a uuid", Single("""{ "id": "not-a-uuid", "vector": { "dense": [1, 2] } }"""), "collections[\"docs\"].points[0].id", "not a UUID" },
        { "negative id", Single("""{ "id": -5, "vector": { "dense": [1, 2] } }"""), "collections[\"docs\"].points[0].id", "unsigned 64-bit" },
        { "fractional id", Single("""{ "id": 1.5, "vector": { "dense": [1, 2] } }"""), "collections[\"docs\"].points[0].id", "unsigned 64-bit" },
        { "id too large", Single("""{ "id": 18446744073709551616, "vector": { "dense": [1, 2] } }"""), "collections[\"docs\"].points[0].id", "unsigned 64-bit" },
        { "point without id", Single("""{ "vector": { "dense": [1, 2] } }"""), "collections[\"docs\"].points[0]", "no id" },
        { "huge vector number", Single("""{ "id": 1, "vector": { "dense": [1e300, 2] } }"""), "collections[\"docs\"].points[0].vector.dense", "not a finite float32" },
        { "text in a vector", Single("""{ "id": 1, "vector": { "dense": [1, "x"] } }"""), "collections[\"docs\"].points[0].vector.dense", "not a number" },
        { "sparse lengths differ", Single("""{ "id": 1, "vector": { "sparse": { "indices": [1, 2], "values": [0.5] } } }"""), "collections[\"docs\"].points[0]", "2 indices but 1 values" },
        { "duplicate sparse index", Single("""{ "id": 1, "vector": { "sparse": { "indices": [4, 4], "values": [0.5, 1] } } }"""), "collections[\"docs\"].points[0]", "index 4 more than once" },
        { "sparse without values", Single("""{ "id": 1, "vector": { "sparse": { "indices": [4] } } }"""), "collections[\"docs\"].points[0].vector.sparse", "both 'indices' and 'values'" },
        { "unknown vector name", Single("""{ "id": 1, "vector": { "other": [1, 2] } }"""), "collections[\"docs\"].points[0]", "no dense vector named 'other'" },
        { "duplicate ids", Points("""{ "id": 1, "vector": { "dense": [1, 2] } }, { "id": 1, "vector": { "dense": [3, 4] } }"""), "collections[\"docs\"].points[1]", "duplicate id 1 (first used by points[0])" },
        { "declared count wrong", """{ "version": "2.0", "metadata": {}, "collections": { "docs": { "metadata": { "point_count": 5 }, "config": { "vectors_config": { "dense": { "size": 2 } } }, "points": [] } } }""", "collections[\"docs\"].metadata.point_count", "says 5 points, the file holds 0" },
        { "total count wrong", $$"""{ "version": "2.0", "metadata": { "total_points": 7, "collection_count": 1 }, "collections": { {{GoodCollection}} } }""", "metadata.total_points", "says 7, the file holds 1" },
        { "illegal collection name", """{ "version": "1.0", "metadata": {}, "collections": { "../../etc": { "vectors_config": { "dense": { "size": 2 } }, "points": [] } } }""", "collections[\"../../etc\"]", "illegal collection name" },
        { "bad distance", """{ "version": "1.0", "metadata": {}, "collections": { "docs": { "vectors_config": { "dense": { "size": 2, "distance": "L7" } }, "points": [] } } }""", "collections[\"docs\"].vectors_config.dense", "unknown distance" },
        { "zero size", """{ "version": "1.0", "metadata": {}, "collections": { "docs": { "vectors_config": { "dense": { "size": 0 } }, "points": [] } } }""", "collections[\"docs\"].vectors_config.dense", "'size' must be an integer" },
        { "trailing content", $$"""{ "version": "1.0", "metadata": {}, "collections": { {{GoodCollection}} } } {}""", "line", "not valid JSON" },
        { "native without checksum", $$"""{ "version": "3.0", "metadata": {}, "collections": { {{GoodCollection}} } }""", "checksum", "missing" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_broken_file_is_invalid_and_the_verdict_says_what_and_where(string name, string content, string where, string what)
    {
        var path = _folder.File(name.Replace(' ', '-') + ".json");
        File.WriteAllText(path, content);

        var verdict = BackupValidator.ValidateFile(path);

        Assert.False(verdict.IsValid, name);
        Assert.True(
            verdict.Problems.Any(p => p.Location.StartsWith(where, StringComparison.Ordinal) && p.Message.Contains(what, StringComparison.Ordinal)),
            $"{name}: expected a problem at '{where}' saying '{what}', got:\n{string.Join("\n", verdict.Problems)}");
    }

    [Fact]
    public void A_good_hand_written_v1_file_passes()
    {
        var path = _folder.File("good.json");
        File.WriteAllText(path, $$"""{ "version": "1.0", "metadata": {}, "collections": { {{GoodCollection}} } }""");

        var verdict = BackupValidator.ValidateFile(path);

        Assert.True(verdict.IsValid, string.Join("\n", verdict.Problems));
    }

    [Fact]
    public void A_missing_file_is_invalid_with_a_reason()
    {
        var verdict = BackupValidator.ValidateFile(_folder.File("absent.json"));

        Assert.False(verdict.IsValid);
        Assert.Contains("cannot be opened", Assert.Single(verdict.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_native_backup_is_rejected()
    {
        var path = BackupFiles.WriteNative(_folder.File("full.json"), "docs", TestPoints.DenseSchema(16, Distance.Dot), RoundTripTests.SamplePoints(50));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var verdict = BackupValidator.ValidateFile(path);

        Assert.False(verdict.IsValid);
        Assert.Contains(verdict.Problems, p => p.Location == "checksum" && p.Message.Contains("truncated", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void A_single_flipped_bit_anywhere_in_a_native_backup_is_caught(double where)
    {
        var path = BackupFiles.WriteNative(_folder.File("flip.json"), "docs", TestPoints.DenseSchema(16, Distance.Dot), RoundTripTests.SamplePoints(50));
        var bytes = File.ReadAllBytes(path);
        var offset = (int)(bytes.Length * where);
        // Flip a bit of a base64 letter so the JSON stays well formed and only the checksum can notice.
        while (!char.IsAsciiLetter((char)bytes[offset]))
        {
            offset++;
        }

        bytes[offset] ^= 0x20;
        File.WriteAllBytes(path, bytes);

        var verdict = BackupValidator.ValidateFile(path);

        Assert.False(verdict.IsValid);
        Assert.False(verdict.ChecksumVerified);
        Assert.Contains(verdict.Problems, p => p.Location == "checksum" && p.Message.Contains("corrupt", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_past_the_report_limit_are_counted_not_listed()
    {
        var points = string.Join(",", Enumerable.Range(0, 150).Select(i => $$"""{ "id": {{i}}, "vector": { "dense": [1] } }"""));
        var path = _folder.File("many.json");
        File.WriteAllText(path, Points(points));

        var verdict = BackupValidator.ValidateFile(path, BackupLimits.Default with { MaxReportedProblems = 10 });

        Assert.Equal(10, verdict.Problems.Count);
        Assert.Equal(150, verdict.ProblemCount);
    }

    private static string Single(string point) => Points(point);

    private static string Points(string points) => $$"""
        { "version": "1.0", "metadata": {}, "collections": { "docs": {
          "vectors_config": { "dense": { "size": 2, "distance": "Dot" } },
          "sparse_vectors_config": { "sparse": {} },
          "points": [ {{points}} ] } } }
        """;
}
