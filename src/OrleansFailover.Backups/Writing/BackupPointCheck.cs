using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using OrleansFailover.Backups.Format;
using OrleansFailover.Backups.Reading;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Writing;

/// <summary>
/// Measures a point as <see cref="BackupWriter"/> writes it, against what the reader accepts: every token (vector
/// names, base64 vectors, payload keys and strings) with its escaping, the nesting depth at the point's place in the
/// file, and the vector sizes. A point that fails here would make the whole file unreadable, so the writer refuses it
/// before writing any of it, and a service asks the same question at its front door (<see cref="BackupLimits.Check"/>).
/// </summary>
internal static class BackupPointCheck
{
    /// <summary>The encoder of the writer's Utf8JsonWriter: measuring with it measures the bytes that are written.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Containers around a point in every file the writer writes: the file, "collections", the collection, "points".</summary>
    public const int LevelsAbovePoint = 4;

    /// <summary>
    /// The reader's buffer holds a token together with the comma before it and, for a property name, the colon after it,
    /// so a token may use all of it but two bytes. (A value right after its name needs neither: that errs on the safe
    /// side by two bytes at most, and keeps one rule for every token.)
    /// </summary>
    private const int SeparatorBytes = 2;

    /// <summary>Escaping writes a UTF-16 unit as at most six bytes (\uXXXX): strings shorter than this never need measuring.</summary>
    private const int MaxBytesPerChar = 6;

    private const int MeasureChunkChars = 8192;

    /// <summary>What in <paramref name="point"/> the reader would refuse in a file of <paramref name="format"/>, or null.</summary>
    public static string? FindProblem(VectorPoint point, BackupLimits limits, BackupFileFormat format) =>
        new Checker(limits, format == BackupFileFormat.Native).Check(point);

    /// <summary>
    /// The bytes of <paramref name="value"/> as a JSON string, quotes included, exactly as the writer writes it (escaped
    /// by <see cref="Encoder"/>, then UTF-8); null when the writer cannot write it (not valid UTF-16).
    /// </summary>
    public static long? JsonStringBytes(string value)
    {
        var buffer = ArrayPool<char>.Shared.Rent(MeasureChunkChars);
        try
        {
            long bytes = 2;
            var source = value.AsSpan();
            var splitPair = false;
            while (true)
            {
                var status = Encoder.Encode(source, buffer, out var consumed, out var written, isFinalBlock: true);
                var chunk = buffer.AsSpan(0, written);
                bytes += Encoding.UTF8.GetByteCount(chunk);
                if (splitPair && chunk.Length > 0 && char.IsLowSurrogate(chunk[0]))
                {
                    bytes -= 2; // a pair split across two chunks was counted as two replacement characters (3 + 3), not 4 bytes
                }

                splitPair = chunk.Length > 0 && char.IsHighSurrogate(chunk[^1]);
                source = source[consumed..];
                if (status == OperationStatus.Done)
                {
                    return bytes;
                }

                if (status != OperationStatus.DestinationTooSmall)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private readonly struct Checker(BackupLimits limits, bool native)
    {
        private readonly long _longestToken = JsonStreamReader.TokenCapacity(limits.MaxTokenBytes) - SeparatorBytes;

        public string? Check(VectorPoint point)
        {
            // The point's object holds its "vector" object. A sparse vector is an object in that, and in CodeWeaver's
            // format vectors are number arrays, one level more than our base64 strings.
            var deepestVector = LevelsAbovePoint + 2;
            if (point.Dense.Count > 0 && !native)
            {
                deepestVector = LevelsAbovePoint + 3;
            }

            if (point.Sparse.Count > 0)
            {
                deepestVector = LevelsAbovePoint + (native ? 3 : 4);
            }

            if (deepestVector > limits.MaxDepth)
            {
                return $"its vectors would be nested {deepestVector} levels deep in a backup; a backup may nest at most {limits.MaxDepth} levels";
            }

            foreach (var (name, vector) in point.Dense)
            {
                var problem = Name(name, "dense vector name");
                if (problem is not null)
                {
                    return problem;
                }

                if (vector.Length > CollectionSchema.MaxDimensions)
                {
                    return $"dense vector '{Shorten(name)}' has {vector.Length:N0} dimensions; a backup may hold at most {CollectionSchema.MaxDimensions:N0}";
                }

                if (native && Base64Problem(vector.Length, $"dense vector '{Shorten(name)}'") is { } base64)
                {
                    return base64;
                }
            }

            foreach (var (name, vector) in point.Sparse)
            {
                var problem = Name(name, "sparse vector name");
                if (problem is not null)
                {
                    return problem;
                }

                var count = Math.Max(vector.Indices.Length, vector.Values.Length);
                if (count > limits.MaxSparseNonZeros)
                {
                    return $"sparse vector '{Shorten(name)}' has {count:N0} non-zeros; a backup may hold at most {limits.MaxSparseNonZeros:N0} per vector";
                }

                if (native && Base64Problem(count, $"sparse vector '{Shorten(name)}'") is { } base64)
                {
                    return base64;
                }
            }

            return Object(point.Payload, LevelsAbovePoint + 2, []);
        }

        private string? Object(IReadOnlyDictionary<string, PayloadValue> fields, int level, List<object> path)
        {
            if (level > limits.MaxDepth)
            {
                return DepthProblem(path);
            }

            foreach (var (key, value) in fields)
            {
                path.Add(key);
                var problem = Token(key, "payload key", path) ?? Value(value, level, path);
                if (problem is not null)
                {
                    return problem;
                }

                path.RemoveAt(path.Count - 1);
            }

            return null;
        }

        /// <summary>Checks a value inside a container at <paramref name="level"/>; only arrays and objects go deeper.</summary>
        private string? Value(PayloadValue value, int level, List<object> path)
        {
            switch (value.Kind)
            {
                case PayloadKind.String:
                    return Token(value.AsString, "payload string", path);
                case PayloadKind.Object:
                    return Object(value.AsObject, level + 1, path);
                case PayloadKind.Array:
                    if (level + 1 > limits.MaxDepth)
                    {
                        return DepthProblem(path);
                    }

                    var items = value.AsArray;
                    for (var i = 0; i < items.Count; i++)
                    {
                        path.Add(i);
                        var problem = Value(items[i], level + 1, path);
                        if (problem is not null)
                        {
                            return problem;
                        }

                        path.RemoveAt(path.Count - 1);
                    }

                    return null;
                default:
                    // Numbers, booleans and null are a few bytes: far below any token limit.
                    return null;
            }
        }

        private string? Name(string name, string what) => Token(name, what, null);

        private string? Token(string text, string what, List<object>? path)
        {
            if ((long)text.Length * MaxBytesPerChar + 2 <= _longestToken)
            {
                return null;
            }

            var where = path is null ? $"'{Shorten(text)}'" : $"at '{Render(path)}'";
            return JsonStringBytes(text) switch
            {
                null => $"{what} {where} is not valid UTF-16 (a lone surrogate): it cannot be written as JSON",
                { } bytes when bytes > _longestToken => $"{what} {where} is {bytes:N0} bytes as JSON; {TokenLimit()}",
                _ => null,
            };
        }

        /// <summary>A vector of <paramref name="elements"/> 4-byte values, written as a base64 string.</summary>
        private string? Base64Problem(long elements, string what)
        {
            var bytes = ((elements * 4 + 2) / 3 * 4) + 2;
            return bytes > _longestToken ? $"{what} is {bytes:N0} bytes as base64 JSON; {TokenLimit()}" : null;
        }

        private string TokenLimit()
        {
            var capacity = _longestToken + SeparatorBytes;
            var size = capacity % (1024 * 1024) == 0 ? $"{capacity / (1024 * 1024)} MiB" : $"{capacity:N0} bytes";
            return $"a backup token may be at most {size} ({_longestToken:N0} bytes, quotes included)";
        }

        private string DepthProblem(List<object> path) =>
            $"the payload{(path.Count == 0 ? string.Empty : $" at '{Render(path)}'")} is nested too deep: in a backup a point's payload " +
            $"starts at level {LevelsAbovePoint + 2}, and a backup may nest at most {limits.MaxDepth} levels";

        private static string Render(List<object> path)
        {
            var text = new StringBuilder();
            foreach (var part in path)
            {
                if (part is int index)
                {
                    text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                }
                else
                {
                    text.Append(text.Length == 0 ? string.Empty : ".").Append(Shorten((string)part));
                }

                if (text.Length > 200)
                {
                    return text.ToString(0, 200) + "…";
                }
            }

            return text.ToString();
        }

        /// <summary>A key or a name short enough to quote in a message (the one at fault may be megabytes long).</summary>
        private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
    }
}
