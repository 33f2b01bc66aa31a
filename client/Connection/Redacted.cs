using System.Text.RegularExpressions;

namespace OrleansFailover.Client.Connection;

/// <summary>What may be printed of a secret-bearing setting.</summary>
internal static partial class Redacted
{
    /// <summary>A Redis connection string without its password (and user), whatever else it holds.</summary>
    public static string Redis(string connectionString) => Secrets().Replace(connectionString, match => $"{match.Groups[1].Value}=***");

    [GeneratedRegex(@"\b(password|user)\s*=\s*[^,]*", RegexOptions.IgnoreCase)]
    private static partial Regex Secrets();
}
