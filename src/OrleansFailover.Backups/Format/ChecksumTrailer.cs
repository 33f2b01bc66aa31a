using System.Security.Cryptography;
using System.Text;

namespace OrleansFailover.Backups.Format;

/// <summary>
/// The last bytes of a native backup: <c>,"checksum":"sha256:&lt;64 hex&gt;"}</c> and a newline. The digest
/// covers every byte before the trailer, so a truncated, extended or bit-flipped file fails the check,
/// and a validator finds the covered range from the file length alone, without parsing first.
/// </summary>
public static class ChecksumTrailer
{
    private static readonly byte[] Prefix = ",\"checksum\":\"sha256:"u8.ToArray();
    private static readonly byte[] Suffix = "\"}\n"u8.ToArray();

    public const int DigestHexLength = SHA256.HashSizeInBytes * 2;

    public static int Length => Prefix.Length + DigestHexLength + Suffix.Length;

    public static byte[] Create(ReadOnlySpan<byte> digest)
    {
        var trailer = new byte[Length];
        Prefix.CopyTo(trailer, 0);
        Encoding.ASCII.GetBytes(Convert.ToHexStringLower(digest), trailer.AsSpan(Prefix.Length));
        Suffix.CopyTo(trailer, Prefix.Length + DigestHexLength);
        return trailer;
    }

    /// <summary>The digest the trailer declares, or null when <paramref name="tail"/> is not a trailer.</summary>
    public static byte[]? TryParse(ReadOnlySpan<byte> tail)
    {
        if (tail.Length != Length || !tail.StartsWith(Prefix) || !tail.EndsWith(Suffix))
        {
            return null;
        }

        var hex = tail.Slice(Prefix.Length, DigestHexLength);
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower((char)c))
            {
                return null;
            }
        }

        return Convert.FromHexString(Encoding.ASCII.GetString(hex));
    }
}
