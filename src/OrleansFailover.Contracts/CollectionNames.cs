using System.Text;

namespace OrleansFailover.Contracts;

/// <summary>
/// The rules for a collection name. A legal name is a plain name: it can be used as a folder name
/// under the backup root as it is, and it is also a name Qdrant accepts.
/// </summary>
public static class CollectionNames
{
    public const int MaxUtf8Bytes = 255;

    // Qdrant rejects these; the path separators and '..' matter to us as well.
    private const string ForbiddenCharacters = "/\\:*?\"<>|";

    /// <summary>Returns what is wrong with <paramref name="name"/>, or null when it is legal.</summary>
    public static string? FindProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a collection name must not be empty";
        }

        var byteCount = Encoding.UTF8.GetByteCount(name);
        if (byteCount > MaxUtf8Bytes)
        {
            return $"a collection name must be at most {MaxUtf8Bytes} bytes in UTF-8, this one is {byteCount}";
        }

        if (name.Contains(".."))
        {
            return "a collection name must not contain '..'";
        }

        if (name[0] == '.')
        {
            return "a collection name must not start with '.'";
        }

        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]))
        {
            return "a collection name must not start or end with white space";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsControl(c))
            {
                return $"a collection name must not contain control characters (U+{(int)c:X4} at position {i})";
            }

            if (ForbiddenCharacters.Contains(c))
            {
                return $"a collection name must not contain '{c}' (position {i})";
            }

            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"a collection name must be valid Unicode (lone surrogate at position {i})";
            }
        }

        return null;
    }

    public static bool IsValid(string? name) => FindProblem(name) is null;

    /// <summary>Throws an <see cref="VectorStoreErrorKind.InvalidArgument"/> error naming the problem.</summary>
    public static string EnsureValid(string? name)
    {
        var problem = FindProblem(name);
        if (problem is not null)
        {
            throw VectorStoreException.InvalidArgument($"Invalid collection name '{Printable(name)}': {problem}.");
        }

        return name!;
    }

    /// <summary>A name made safe to print in one line of a message: control characters escaped, long names cut.</summary>
    public static string Printable(string? name)
    {
        if (name is null)
        {
            return "(null)";
        }

        var builder = new StringBuilder(Math.Min(name.Length, 80));
        foreach (var c in name)
        {
            if (builder.Length >= 80)
            {
                builder.Append("...");
                break;
            }

            if (char.IsControl(c))
            {
                builder.Append($"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
