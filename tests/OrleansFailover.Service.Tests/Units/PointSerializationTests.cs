using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Serialization;
using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>
/// Points between clients and silos: what an indexer upserts arrives exactly as sent (ids, every vector,
/// every payload value with its type), and damaged bytes fail with a clear error instead of a wrong point.
/// </summary>
public sealed class PointSerializationTests
{
    private readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static VectorPoint Everything => new()
    {
        Id = PointId.FromUuid(Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301")),
        Dense = new Dictionary<string, float[]>(StringComparer.Ordinal)
        {
            [""] = [0.5f, -1.25f, float.Epsilon, 3e38f],
            ["dense"] = Enumerable.Range(0, 768).Select(i => MathF.Sin(i)).ToArray(),
            ["ünïcode name"] = [1f],
        },
        Sparse = new Dictionary<string, SparseVector>(StringComparer.Ordinal)
        {
            ["sparse"] = new SparseVector([1, 7, uint.MaxValue], [0.1f, -0.2f, 0.3f]),
            ["empty"] = new SparseVector([], []),
        },
        Payload = TestPoints.Payload(
            ("path", "src/main.rs"),
            ("line", long.MaxValue),
            ("negative", -1L),
            ("score", 0.1),
            ("whole double", 2.0),
            ("flag", true),
            ("nothing", PayloadValue.Null),
            ("tags", TestPoints.Array("a", 1L, 1.5, false, PayloadValue.Null, TestPoints.Array())),
            ("nested", TestPoints.Object(("inner", TestPoints.Object(("deep", "value"))), ("empty", TestPoints.Object()))),
            ("text", "line one\nline \"two\"\t\u0000 \U0001F600")),
    };

    [Fact]
    public void A_batch_of_points_arrives_exactly_as_sent()
    {
        IReadOnlyList<VectorPoint> batch =
        [
            Everything,
            new VectorPoint { Id = PointId.FromNumber(ulong.MaxValue) },
            TestPoints.Dense(0, "dense", [1f, 2f, 3f]),
        ];

        var received = _serializer.Deserialize<IReadOnlyList<VectorPoint>>(_serializer.SerializeToArray(batch))!;

        Assert.Equal(batch, received);
        var payload = received[0].Payload;
        Assert.Equal(PayloadKind.Integer, payload["line"].Kind);
        Assert.Equal(PayloadKind.Double, payload["whole double"].Kind);
        Assert.Equal("value", payload["nested"].AsObject["inner"].AsObject["deep"].AsString);
    }

    [Fact]
    public void The_same_point_twice_and_a_missing_point_survive_the_trip()
    {
        var point = Everything;
        var batch = new List<VectorPoint?> { point, null, point };

        var received = _serializer.Deserialize<List<VectorPoint?>>(_serializer.SerializeToArray(batch))!;

        Assert.Equal(point, received[0]);
        Assert.Null(received[1]);
        Assert.Same(received[0], received[2]);
    }

    [Fact]
    public void Every_truncation_of_a_point_is_refused_as_invalid_data()
    {
        var encoded = PointBinary.Encode(Everything);

        for (var length = 0; length < encoded.Length; length++)
        {
            var error = Assert.Throws<InvalidDataException>(() => PointBinary.Read(encoded.AsSpan(0, length)));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }

        Assert.Equal(Everything, PointBinary.Read(encoded));
    }

    [Fact]
    public void Bytes_after_a_point_or_an_unknown_format_are_refused()
    {
        var encoded = PointBinary.Encode(Everything);

        var trailing = Assert.Throws<InvalidDataException>(() => PointBinary.Read([.. encoded, 0]));
        Assert.Contains("after the end", trailing.Message, StringComparison.Ordinal);

        encoded[0] = 9;
        var unknown = Assert.Throws<InvalidDataException>(() => PointBinary.Read(encoded));
        Assert.Contains("format 9", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_declared_count_fails_before_anything_is_allocated()
    {
        // Format 1, number id 0, then a dense count of int.MaxValue in a 5-byte varint.
        byte[] hostile = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x07];

        var error = Assert.Throws<InvalidDataException>(() => PointBinary.Read(hostile));

        Assert.Contains("runs past the end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_nested_too_deeply_is_refused()
    {
        var value = PayloadValue.FromString("bottom");
        for (var i = 0; i < 100; i++)
        {
            value = TestPoints.Array(value);
        }

        var encoded = PointBinary.Encode(new VectorPoint { Id = 1, Payload = TestPoints.Payload(("deep", value)) });

        var error = Assert.Throws<InvalidDataException>(() => PointBinary.Read(encoded));
        Assert.Contains("nested", error.Message, StringComparison.Ordinal);
    }
}
