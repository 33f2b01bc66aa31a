using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.Tests.Model;

public sealed class PointIdTests
{
    [Theory]
    [InlineData("6f1a9c3e-0b7d-4e2a-9c1f-2d3e4f5a6b7c")]
    [InlineData("6F1A9C3E0B7D4E2A9C1F2D3E4F5A6B7C")]
    [InlineData("6f1a9c3e0b7d4e2a9c1f2d3e4f5a6b7c")]
    public void A_uuid_with_or_without_dashes_reads_as_the_canonical_form(string text)
    {
        var id = PointId.Parse(text);

        Assert.True(id.IsUuid);
        Assert.Equal("6f1a9c3e-0b7d-4e2a-9c1f-2d3e4f5a6b7c", id.ToString());
    }

    [Theory]
    [InlineData("0", 0ul)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void A_decimal_number_reads_as_an_integer_id(string text, ulong expected)
    {
        Assert.Equal(PointId.FromNumber(expected), PointId.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("18446744073709551616")]
    [InlineData("1.5")]
    [InlineData("not-a-uuid")]
    [InlineData("{6f1a9c3e-0b7d-4e2a-9c1f-2d3e4f5a6b7c}")]
    [InlineData(" 12")]
    public void Anything_else_is_refused_with_the_reason(string text)
    {
        var error = Assert.Throws<VectorStoreException>(() => PointId.Parse(text));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("unsigned 64-bit integer or a UUID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integers_sort_before_uuids_and_uuids_sort_by_their_bytes()
    {
        PointId[] ids =
        [
            PointId.Parse("80000000-0000-4000-8000-000000000000"),
            PointId.FromNumber(ulong.MaxValue),
            PointId.Parse("00000000-0000-4000-8000-000000000001"),
            PointId.FromNumber(3),
            PointId.Parse("7fffffff-ffff-4fff-bfff-ffffffffffff"),
        ];

        Assert.Equal(
            ["3", "18446744073709551615", "00000000-0000-4000-8000-000000000001", "7fffffff-ffff-4fff-bfff-ffffffffffff", "80000000-0000-4000-8000-000000000000"],
            ids.Order().Select(id => id.ToString()));
    }
}
