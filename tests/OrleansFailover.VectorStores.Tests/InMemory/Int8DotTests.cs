using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.VectorStores.Tests.InMemory;

/// <summary>The pre-scan's integer dot products: every instruction set this machine has gives the scalar loop's integer.</summary>
public sealed class Int8DotTests
{
    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(96)]
    [InlineData(768)]
    [InlineData(1536)]
    public void Every_path_gives_the_exact_integer_even_at_the_extremes(int length)
    {
        var random = new Random(length);
        var codes = new sbyte[length];
        var query = new short[length];
        for (var i = 0; i < length; i++)
        {
            codes[i] = (sbyte)random.Next(sbyte.MinValue, sbyte.MaxValue + 1);
            query[i] = (short)random.Next(-127, 128); // query codes are quantized to -127..127, as the points' are
        }

        // The extremes the codes can take, at both ends of the vector (the last half step of a 64-lane path).
        codes[0] = sbyte.MinValue;
        query[0] = -127;
        codes[^1] = sbyte.MaxValue;
        query[^1] = 127;

        var expected = Int8Dot.DotScalar(codes, query);

        Assert.Equal(expected, Int8Dot.Dot(codes, query));
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            Assert.Equal(expected, Int8Dot.DotAvx2(codes, query, 0, 0));
        }

        if (System.Runtime.Intrinsics.X86.Avx512BW.IsSupported)
        {
            Assert.Equal(expected, Int8Dot.DotWide(codes, query));
        }
    }
}
