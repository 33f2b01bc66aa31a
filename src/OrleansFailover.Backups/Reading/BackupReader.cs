using System.Text.Json;
using OrleansFailover.Backups.Format;

namespace OrleansFailover.Backups.Reading;

/// <summary>
/// Streams a backup file of any supported version through a visitor, in bounded memory. Never throws for
/// the file's content: what cannot be read becomes a problem that says what and where, and the read ends.
/// </summary>
public static class BackupReader
{
    /// <returns>False when the read had to stop early (the visitor has been told why).</returns>
    public static bool Read(Stream stream, IBackupVisitor visitor, BackupLimits? limits = null)
    {
        limits ??= BackupLimits.Default;
        if (stream.CanSeek && stream.Length == 0)
        {
            visitor.OnProblem(new BackupProblem("file", "the file is empty"));
            return false;
        }

        var json = new JsonStreamReader(stream, limits.MaxTokenBytes, limits.MaxDepth);
        try
        {
            new BackupParser(visitor, limits).ParseFile(ref json);
            return true;
        }
        catch (BackupFormatException exception)
        {
            visitor.OnProblem(new BackupProblem(exception.Location, exception.Problem));
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line
                ? $"line {line + 1}, byte {exception.BytePositionInLine + 1}"
                : "file";
            visitor.OnProblem(new BackupProblem(where, $"not valid JSON: {FirstSentence(exception.Message)}"));
        }
        catch (InvalidOperationException exception)
        {
            // Utf8JsonReader's way of refusing text that is not valid UTF-8.
            visitor.OnProblem(new BackupProblem("file", $"cannot be decoded: {exception.Message}"));
        }
        catch (IOException exception)
        {
            visitor.OnProblem(new BackupProblem("file", $"cannot be read: {exception.Message}"));
        }
        finally
        {
            json.Dispose();
        }

        return false;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }
}
