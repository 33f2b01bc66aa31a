using OrleansFailover.Contracts;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.Filtering;

namespace OrleansFailover.VectorStores.Tests.Model;

/// <summary>Key paths resolve as in Qdrant: dots into objects, [] over arrays, leaf arrays matched element-wise.</summary>
public sealed class PayloadPathTests
{
    private static readonly Dictionary<string, PayloadValue> Payload = TestPoints.Payload(
        ("a", TestPoints.Object(("b", TestPoints.Array(
            TestPoints.Object(("c", 1L)),
            TestPoints.Object(("c", 2L)),
            TestPoints.Object(("d", TestPoints.Object(("e", 3L)))))))),
        ("g", TestPoints.Array("g0", "g1", "g2")),
        ("arr", TestPoints.Array(TestPoints.Object(("x", TestPoints.Array(1L, 2L))), TestPoints.Object(("x", 4L)))));

    [Theory]
    [InlineData("a.b[].c", "1,2")]
    [InlineData("a.b[2].d.e", "3")]
    [InlineData("g", "g0,g1,g2")]
    [InlineData("g[1]", "g1")]
    [InlineData("arr[].x", "1,2,4")]
    [InlineData("a.b.c", "")]
    [InlineData("a.missing", "")]
    [InlineData("g[9]", "")]
    public void A_path_finds_what_qdrant_finds(string path, string expected)
    {
        var values = new List<PayloadValue>();
        PayloadPath.Parse(path).Collect(Payload, values);

        Assert.Equal(expected, string.Join(",", values.Select(v => v.ToString())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("a[x]")]
    [InlineData("a[1")]
    public void A_malformed_path_is_refused(string path)
    {
        var error = Assert.Throws<VectorStoreException>(() => PayloadPath.Parse(path));
        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
    }
}
