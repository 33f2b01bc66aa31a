namespace OrleansFailover.Backups.Reading;

/// <summary>A problem that ends the read of a backup: malformed JSON, a limit passed, an unreadable file.</summary>
public sealed class BackupFormatException(string location, string message, Exception? innerException = null)
    : Exception($"{location}: {message}", innerException)
{
    public string Location { get; } = location;

    public string Problem { get; } = message;
}
