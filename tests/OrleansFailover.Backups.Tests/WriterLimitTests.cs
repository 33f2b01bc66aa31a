using System.Buffers;
using System.Text.Json;
using OrleansFailover.Backups.Format;
using OrleansFailover.Backups.Restore;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Backups.Writing;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Backups.Tests;

/// <summary>
/// The writer and the reader agree on the limits: a point the reader would refuse is refused by the writer before any
/// of it is written (and by the front-door check, with the same words); just under every limit a point round-trips.
/// </summary>
public sealed class WriterLimitTests : IDisposable
{
    /// <summary>The longest token the writer lets through, quotes included: 16 MiB, less a separator on either side.</summary>
    private const int LongestToken = (16 * 1024 * 1024) - 2;

    /// <summary>A point's payload object is the 6th level of a backup (file, collections, collection, points, point, payload).</summary>
    private const int DeepestPayload = 64 - 5;

    private readonly TemporaryDirectory _folder = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Limits => new()
    {
        { "string", "16 MiB" },
        { "escaped string", "16 MiB" },
        { "payload key", "16 MiB" },
        { "nested object", "64 levels" },
        { "nested array", "64 levels" },
        { "sparse", "1,000,000" },
        { "dense", "65,536" },
    };

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(Limits))]
    public void A_point_over_a_limit_is_refused_before_any_of_it_is_written(string limit, string limitText)
    {
        var point = PointAt(limit, over: true);
        using var writer = new BackupWriter(new MemoryStream());
        writer.WriteHeader(new BackupHeader(BackupFiles.CreatedAt, BackupHeader.PrimarySync, 1));
        writer.BeginCollection("docs", SchemaFor(limit));
        writer.WritePoints([Small(1)]);
        var before = writer.BytesWritten;

        var error = Assert.Throws<BackupPointRefusedException>(() => writer.WritePoints([Small(2), point]));

        Assert.Equal(before, writer.BytesWritten);
        Assert.Equal("docs", error.Collection);
        Assert.Equal(point.Id, error.PointId);
        Assert.Contains("'docs'", error.Message, StringComparison.Ordinal);
        Assert.Contains(point.Id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(limitText, error.Message, StringComparison.Ordinal);
        // The front door says the same, without writing.
        Assert.Equal(error.Problem, BackupLimits.Default.Check(point));
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task Just_under_each_limit_a_point_round_trips_through_writer_reader_and_validator(string limit, string limitText)
    {
        _ = limitText;
        var point = PointAt(limit, over: false);
        Assert.Null(BackupLimits.Default.Check(point));
        var path = BackupFiles.WriteNative(_folder.File("limit.json"), "docs", SchemaFor(limit), [Small(1), point]);

        var verdict = BackupValidator.ValidateFile(path);
        var store = new InMemoryVectorStore();
        await BackupLoader.LoadAsync(path, store, cancellationToken: Cancel);

        Assert.True(verdict.IsValid, string.Join("\n", verdict.Problems));
        Assert.Equal(point, Assert.Single(await store.GetAsync("docs", [point.Id], cancellationToken: Cancel)));
    }

    [Fact]
    public void A_payload_string_of_17_MiB_is_refused_with_its_place_and_size()
    {
        var point = Point(TestPoints.Payload(("meta", TestPoints.Object(("text", new string('a', 17 * 1024 * 1024))))));

        var problem = BackupLimits.Default.Check(point);

        Assert.Equal("payload string at 'meta.text' is 17,825,794 bytes as JSON; a backup token may be at most 16 MiB (16,777,214 bytes, quotes included)", problem);
    }

    public static TheoryData<string> Strings => new()
    {
        "plain ascii",
        "quote \" backslash \\ slash /",
        "controls \u0001\u001f\t\n\r\b\f and DEL \u007f",
        "html <script>&'+`",
        "accents é ü, CJK 中文, U+2028 \u2028, U+FFFD \ufffd",
        "emoji 😀 and 𝄞",
        "lone \ud800 surrogate",
        "reversed \udc00\ud800 pair",
        string.Concat(Enumerable.Repeat("😀", 9000)), // pairs across the measuring chunks
        string.Concat(Enumerable.Repeat("a\u0001é中", 7000)),
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void A_string_is_measured_at_exactly_the_bytes_the_writer_writes(string text)
    {
        var output = new ArrayBufferWriter<byte>();
        int? written;
        try
        {
            using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = BackupPointCheck.Encoder, SkipValidation = true }))
            {
                json.WriteStringValue(text);
            }

            written = output.WrittenCount;
        }
        catch (ArgumentException)
        {
            written = null;
        }

        Assert.Equal(written, BackupPointCheck.JsonStringBytes(text));
    }

    private static VectorPoint PointAt(string limit, bool over)
    {
        var extra = over ? 1 : 0;
        return limit switch
        {
            "string" => Point(TestPoints.Payload(("text", new string('a', LongestToken - 2 + extra)))),
            // A control character is written as \u0001: six bytes for one.
            "escaped string" => Point(TestPoints.Payload(("text", new string('\u0001', ((LongestToken - 2) / 6) + extra)))),
            "payload key" => Point(TestPoints.Payload((new string('k', LongestToken - 2 + extra), 1L))),
            "nested object" => Point(Nested(DeepestPayload + extra, arrays: false)),
            "nested array" => Point(Nested(DeepestPayload + extra, arrays: true)),
            "sparse" => Sparse(1_000_000 + extra),
            "dense" => TestPoints.Dense(PointId.FromNumber(7), "dense", new float[65_536 + extra]),
            _ => throw new ArgumentOutOfRangeException(nameof(limit)),
        };
    }

    private static CollectionSchema SchemaFor(string limit) =>
        limit == "dense" ? TestPoints.DenseSchema(65_536, Distance.Dot) : TestPoints.HybridSchema(4, Distance.Dot);

    private static VectorPoint Small(ulong id) => new() { Id = PointId.FromNumber(id), Payload = TestPoints.Payload(("n", (long)id)) };

    private static VectorPoint Point(IReadOnlyDictionary<string, PayloadValue> payload) =>
        TestPoints.Dense(PointId.FromUuid(Guid.Parse("6f1c2a9e-0b7d-4c55-9a3e-2d8f4b1e7c60")), "dense", [1, 2, 3, 4], payload);

    private static VectorPoint Sparse(int nonZeros)
    {
        var indices = Enumerable.Range(0, nonZeros).Select(i => (uint)i).ToArray();
        var values = Enumerable.Range(0, nonZeros).Select(i => (float)i).ToArray();
        return TestPoints.Sparse(PointId.FromNumber(7), "sparse", indices, values);
    }

    /// <summary>A payload <paramref name="depth"/> levels deep, itself included: {"a": [[…[1]…]]} or {"a": {"a": …}}.</summary>
    private static Dictionary<string, PayloadValue> Nested(int depth, bool arrays)
    {
        PayloadValue value = 1L;
        for (var i = 1; i < depth; i++)
        {
            value = arrays ? TestPoints.Array(value) : TestPoints.Object(("a", value));
        }

        return TestPoints.Payload(("a", value));
    }
}
