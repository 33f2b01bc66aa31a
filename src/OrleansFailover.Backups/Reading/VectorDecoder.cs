using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using OrleansFailover.Backups.Format;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Reading;

/// <summary>
/// Reads vectors in either encoding: JSON number arrays (CodeWeaver) or base64 of little-endian
/// float32 / uint32 (ours). Returns null and a problem instead of throwing for content that is wrong.
/// </summary>
internal sealed class VectorDecoder(BackupLimits limits)
{
    private readonly List<float> _floats = [];
    private readonly List<uint> _indices = [];

    public float[]? ReadDense(ref JsonStreamReader json, string location, out string? problem)
    {
        if (json.TokenType == JsonTokenType.String)
        {
            return DecodeBase64<float>(ref json, CollectionSchema.MaxDimensions, "float32", out problem);
        }

        return ReadFloatArray(ref json, CollectionSchema.MaxDimensions, out problem);
    }

    public SparseVector? ReadSparse(ref JsonStreamReader json, string location, out string? problem)
    {
        uint[]? indices = null;
        float[]? values = null;
        problem = null;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var isIndices = json.ValueTextEquals("indices"u8);
            var isValues = json.ValueTextEquals("values"u8);
            json.Read();
            if (problem is not null)
            {
                json.SkipValue();
                continue;
            }

            if (isIndices)
            {
                indices = json.TokenType == JsonTokenType.String
                    ? DecodeBase64<uint>(ref json, limits.MaxSparseNonZeros, "uint32", out problem)
                    : ReadIndexArray(ref json, out problem);
            }
            else if (isValues)
            {
                values = json.TokenType == JsonTokenType.String
                    ? DecodeBase64<float>(ref json, limits.MaxSparseNonZeros, "float32", out problem)
                    : ReadFloatArray(ref json, limits.MaxSparseNonZeros, out problem);
            }
            else
            {
                json.SkipValue();
            }
        }

        if (problem is not null)
        {
            return null;
        }

        if (indices is null || values is null)
        {
            problem = "a sparse vector needs both 'indices' and 'values'";
            return null;
        }

        return new SparseVector(indices, values);
    }

    private float[]? ReadFloatArray(ref JsonStreamReader json, int maxLength, out string? problem)
    {
        problem = null;
        if (json.TokenType != JsonTokenType.StartArray)
        {
            problem = "expected an array of numbers";
            json.SkipValue();
            return null;
        }

        _floats.Clear();
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (problem is not null)
            {
                json.SkipValue();
                continue;
            }

            if (json.TokenType != JsonTokenType.Number || !json.TryGetDouble(out var value))
            {
                problem = $"element {_floats.Count} is not a number";
                json.SkipValue();
            }
            else if (!float.IsFinite((float)value))
            {
                problem = $"element {_floats.Count} ({value}) is not a finite float32";
            }
            else if (_floats.Count == maxLength)
            {
                problem = $"more than {maxLength} elements";
            }
            else
            {
                _floats.Add((float)value);
            }
        }

        return problem is null ? _floats.ToArray() : null;
    }

    private uint[]? ReadIndexArray(ref JsonStreamReader json, out string? problem)
    {
        problem = null;
        if (json.TokenType != JsonTokenType.StartArray)
        {
            problem = "'indices' must be an array of unsigned integers";
            json.SkipValue();
            return null;
        }

        _indices.Clear();
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (problem is not null)
            {
                json.SkipValue();
                continue;
            }

            if (json.TokenType != JsonTokenType.Number || !json.TryGetUInt32(out var index))
            {
                problem = $"index {_indices.Count} is not an unsigned 32-bit integer";
                json.SkipValue();
            }
            else if (_indices.Count == limits.MaxSparseNonZeros)
            {
                problem = $"more than {limits.MaxSparseNonZeros} indices";
            }
            else
            {
                _indices.Add(index);
            }
        }

        return problem is null ? _indices.ToArray() : null;
    }

    private static T[]? DecodeBase64<T>(ref JsonStreamReader json, int maxLength, string typeName, out string? problem)
        where T : unmanaged
    {
        problem = null;
        var text = json.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(json.GetString()) : json.ValueSpan;
        var padding = text.Length > 0 && text[^1] == '=' ? (text.Length > 1 && text[^2] == '=' ? 2 : 1) : 0;
        var byteCount = text.Length % 4 == 0 ? (text.Length / 4 * 3) - padding : -1;
        var size = Marshal.SizeOf<T>();
        if (byteCount < 0 || byteCount % size != 0)
        {
            problem = $"is not base64 of little-endian {typeName} values (length {text.Length})";
            return null;
        }

        if (byteCount / size > maxLength)
        {
            problem = $"has {byteCount / size} elements, more than the limit of {maxLength}";
            return null;
        }

        var result = new T[byteCount / size];
        var status = Base64.DecodeFromUtf8(text, MemoryMarshal.AsBytes(result.AsSpan()), out _, out var written);
        if (status != System.Buffers.OperationStatus.Done || written != byteCount)
        {
            problem = $"is not valid base64 ({status})";
            return null;
        }

        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<T, uint>(result.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return result;
    }
}
