using System.Security.Cryptography;
using OrleansFailover.Backups.Format;
using OrleansFailover.Backups.Reading;

namespace OrleansFailover.Backups.Validation;

/// <summary>
/// Validates a backup file of any supported version in one streamed pass: structure, version, checksum,
/// every point against its collection's config, and the declared counts. Never throws for the file's
/// content or for a file that cannot be opened: the verdict says what is wrong and where.
/// </summary>
public static class BackupValidator
{
    public static BackupVerdict ValidateFile(string path, BackupLimits? limits = null)
    {
        limits ??= BackupLimits.Default;
        FileStream file;
        try
        {
            file = OpenForReading(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Fail(path, $"cannot be opened: {exception.Message}");
        }

        using (file)
        {
            var length = file.Length;
            var declaredDigest = ReadTrailerDigest(file, length);

            // The checksum is computed by a second reader of the same file on another core while this one parses.
            var hashing = declaredDigest is null ? null : Task.Run(() => HashPrefix(path, length - ChecksumTrailer.Length));
            var visitor = new ValidatingVisitor(limits);
            BackupReader.Read(file, visitor, limits);
            return Conclude(path, length, visitor, declaredDigest, hashing?.GetAwaiter().GetResult());
        }
    }

    /// <summary>Validates a seekable stream; <paramref name="displayPath"/> names it in the verdict.</summary>
    public static BackupVerdict Validate(Stream stream, string displayPath, BackupLimits? limits = null)
    {
        limits ??= BackupLimits.Default;
        var length = stream.Length;
        var declaredDigest = ReadTrailerDigest(stream, length);
        var visitor = new ValidatingVisitor(limits);
        byte[]? actualDigest = null;
        if (declaredDigest is not null)
        {
            using var hashing = new HashingReadStream(stream, length - ChecksumTrailer.Length);
            BackupReader.Read(hashing, visitor, limits);
            actualDigest = hashing.FinishDigest();
        }
        else
        {
            BackupReader.Read(stream, visitor, limits);
        }

        return Conclude(displayPath, length, visitor, declaredDigest, actualDigest);
    }

    private static BackupVerdict Conclude(
        string path, long length, ValidatingVisitor visitor, byte[]? declaredDigest, byte[]? actualDigest)
    {
        visitor.Finish();
        bool? checksumVerified = null;
        if (declaredDigest is not null && actualDigest is null)
        {
            checksumVerified = false;
            visitor.OnProblem(new BackupProblem("checksum", "the file could not be read to the end to verify its checksum"));
        }
        else if (declaredDigest is not null)
        {
            checksumVerified = CryptographicOperations.FixedTimeEquals(declaredDigest, actualDigest);
            if (checksumVerified == false)
            {
                visitor.OnProblem(new BackupProblem("checksum",
                    $"the file declares sha256:{Convert.ToHexStringLower(declaredDigest)} but its content hashes to " +
                    $"sha256:{Convert.ToHexStringLower(actualDigest!)}: it is corrupt or was modified"));
            }
        }
        else if (visitor.Version == BackupVersions.Native || visitor.ChecksumField is not null)
        {
            visitor.OnProblem(new BackupProblem("checksum",
                "the checksum trailer is missing or malformed: the file is truncated or was modified"));
        }

        return new BackupVerdict
        {
            Path = path,
            Version = visitor.Version,
            SizeBytes = length,
            ChecksumVerified = checksumVerified,
            Checksum = declaredDigest is null ? null : "sha256:" + Convert.ToHexStringLower(declaredDigest),
            Generation = visitor.Generation,
            JournalSequence = visitor.JournalSequence,
            CreatedAt = visitor.CreatedAt,
            Collections = visitor.Summaries,
            Problems = visitor.Problems,
            ProblemCount = visitor.ProblemCount,
        };
    }

    private static FileStream OpenForReading(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

    private static byte[]? HashPrefix(string path, long length)
    {
        try
        {
            using var file = OpenForReading(path);
            using var hashing = new HashingReadStream(file, length);
            return hashing.FinishDigest();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static byte[]? ReadTrailerDigest(Stream stream, long length)
    {
        if (length < ChecksumTrailer.Length)
        {
            return null;
        }

        Span<byte> tail = stackalloc byte[ChecksumTrailer.Length];
        stream.Seek(length - ChecksumTrailer.Length, SeekOrigin.Begin);
        stream.ReadExactly(tail);
        stream.Seek(0, SeekOrigin.Begin);
        return ChecksumTrailer.TryParse(tail);
    }

    private static BackupVerdict Fail(string path, string message) => new()
    {
        Path = path,
        Problems = [new BackupProblem("file", message)],
        ProblemCount = 1,
    };
}
