using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OrleansFailover.VectorStores.InMemory;

/// <summary>
/// Integer dot products of int8 codes with int16 query codes: 64 lanes at a time with AVX-512 (BW), 32 with AVX2.
/// Every path computes the same integer.
/// </summary>
internal static class Int8Dot
{
    public const int Lanes = 32;

    private const int WideLanes = 64;

    public static bool IsAccelerated => Avx2.IsSupported;

    /// <summary>Both spans have the same length, a multiple of <see cref="Lanes"/>.</summary>
    public static int Dot(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query) =>
        Avx512BW.IsSupported ? DotWide(codes, query) : Avx2.IsSupported ? DotAvx2(codes, query, 0, 0) : DotScalar(codes, query);

    internal static int DotScalar(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query)
    {
        var total = 0;
        for (var i = 0; i < codes.Length; i++)
        {
            total += codes[i] * query[i];
        }

        return total;
    }

    /// <summary>64 lanes per step; a last half step of 32 (lengths are multiples of 32) goes the AVX2 way.</summary>
    internal static int DotWide(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query)
    {
        ref var code = ref Unsafe.AsRef(in codes[0]);
        ref var term = ref Unsafe.AsRef(in query[0]);
        var low = Vector512<int>.Zero;
        var high = Vector512<int>.Zero;
        var wide = (nuint)(codes.Length / WideLanes * WideLanes);
        for (nuint i = 0; i < wide; i += WideLanes)
        {
            var packed = Vector512.LoadUnsafe(ref code, i);
            var lowCodes = Avx512BW.ConvertToVector512Int16(packed.GetLower());
            var highCodes = Avx512BW.ConvertToVector512Int16(packed.GetUpper());
            low = Avx512F.Add(low, Avx512BW.MultiplyAddAdjacent(lowCodes, Vector512.LoadUnsafe(ref term, i)));
            high = Avx512F.Add(high, Avx512BW.MultiplyAddAdjacent(highCodes, Vector512.LoadUnsafe(ref term, i + 32)));
        }

        var total = Vector512.Sum(Avx512F.Add(low, high));
        return wide == (nuint)codes.Length ? total : DotAvx2(codes, query, wide, total);
    }

    /// <summary>From <paramref name="start"/> on, 32 lanes per step, added to <paramref name="total"/>.</summary>
    internal static int DotAvx2(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query, nuint start, int total)
    {
        ref var code = ref Unsafe.AsRef(in codes[0]);
        ref var term = ref Unsafe.AsRef(in query[0]);
        var low = Vector256<int>.Zero;
        var high = Vector256<int>.Zero;
        for (nuint i = start; i < (nuint)codes.Length; i += Lanes)
        {
            var packed = Vector256.LoadUnsafe(ref code, i);
            var lowCodes = Avx2.ConvertToVector256Int16(packed.GetLower());
            var highCodes = Avx2.ConvertToVector256Int16(packed.GetUpper());
            low = Avx2.Add(low, Avx2.MultiplyAddAdjacent(lowCodes, Vector256.LoadUnsafe(ref term, i)));
            high = Avx2.Add(high, Avx2.MultiplyAddAdjacent(highCodes, Vector256.LoadUnsafe(ref term, i + 16)));
        }

        return total + Vector256.Sum(Avx2.Add(low, high));
    }
}
