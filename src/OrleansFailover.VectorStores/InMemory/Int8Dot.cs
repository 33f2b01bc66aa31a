using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OrleansFailover.VectorStores.InMemory;

/// <summary>Integer dot products of int8 codes with int16 query codes, 32 lanes at a time with AVX2.</summary>
internal static class Int8Dot
{
    public const int Lanes = 32;

    public static bool IsAccelerated => Avx2.IsSupported;

    /// <summary>Both spans have the same length, a multiple of <see cref="Lanes"/>.</summary>
    public static int Dot(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query)
    {
        if (!Avx2.IsSupported)
        {
            var total = 0;
            for (var i = 0; i < codes.Length; i++)
            {
                total += codes[i] * query[i];
            }

            return total;
        }

        ref var code = ref Unsafe.AsRef(in codes[0]);
        ref var term = ref Unsafe.AsRef(in query[0]);
        var low = Vector256<int>.Zero;
        var high = Vector256<int>.Zero;
        for (nuint i = 0; i < (nuint)codes.Length; i += Lanes)
        {
            var packed = Vector256.LoadUnsafe(ref code, i);
            var lowCodes = Avx2.ConvertToVector256Int16(packed.GetLower());
            var highCodes = Avx2.ConvertToVector256Int16(packed.GetUpper());
            low = Avx2.Add(low, Avx2.MultiplyAddAdjacent(lowCodes, Vector256.LoadUnsafe(ref term, i)));
            high = Avx2.Add(high, Avx2.MultiplyAddAdjacent(highCodes, Vector256.LoadUnsafe(ref term, i + 16)));
        }

        return Vector256.Sum(Avx2.Add(low, high));
    }
}
