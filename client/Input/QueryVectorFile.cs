using System.Text.Json;
using OrleansFailover.Client.Connection;
using OrleansFailover.Contracts;

namespace OrleansFailover.Client.Input;

/// <summary>A query vector file: a JSON array of numbers (dense) or an object with "indices" and "values" (sparse).</summary>
internal static class QueryVectorFile
{
    public static (float[]? Dense, SparseVector? Sparse) Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new UsageException($"cannot read the query vector from '{path}': {exception.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            try
            {
                return root.ValueKind switch
                {
                    JsonValueKind.Array => (root.EnumerateArray().Select(e => e.GetSingle()).ToArray(), null),
                    JsonValueKind.Object when root.TryGetProperty("indices", out var indices) && root.TryGetProperty("values", out var values) =>
                        (null, new SparseVector(indices.EnumerateArray().Select(e => e.GetUInt32()).ToArray(), values.EnumerateArray().Select(e => e.GetSingle()).ToArray())),
                    _ => throw new UsageException($"'{path}' must hold a JSON array of numbers (dense) or an object with 'indices' and 'values' (sparse)."),
                };
            }
            catch (Exception exception) when (exception is FormatException or InvalidOperationException)
            {
                throw new UsageException($"'{path}' holds a value that is not a number of the right kind: {exception.Message}");
            }
        }
    }
}
