using OrleansFailover.Backups.Reading;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Backups.Writing;

namespace OrleansFailover.Backups.Storage;

/// <summary>
/// A backup being written to a hidden temporary file next to where it will be published. Commit makes it
/// durable, reads it back through the validator, and only then makes it visible in one step (rename, fsync the
/// folder); disposing without commit deletes it, so a failed or invalid write never leaves a file in view and never
/// touches the previous generations.
/// </summary>
public sealed class PendingBackup : IDisposable
{
    private readonly BackupFolder _folder;
    private readonly FileStream _file;
    private bool _committed;
    private bool _disposed;

    internal PendingBackup(BackupFolder folder, string collection, long generation, string temporaryPath, string finalPath, FileStream file)
    {
        _folder = folder;
        Collection = collection;
        Generation = generation;
        TemporaryPath = temporaryPath;
        FinalPath = finalPath;
        _file = file;
        Writer = new BackupWriter(new WritebackStream(file));
    }

    public string Collection { get; }

    public long Generation { get; }

    public string TemporaryPath { get; }

    public string FinalPath { get; }

    public BackupWriter Writer { get; }

    /// <summary>
    /// Completes the file (checksum trailer), makes it durable, validates it as read back from the file, and publishes
    /// it; then applies retention. A file that does not validate is deleted and never published, and retention does
    /// not run: throws <see cref="BackupNotValidException"/>.
    /// </summary>
    public BackupGeneration Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Writer.Complete();
        Writer.Dispose();
        _file.Flush(flushToDisk: true);
        var size = _file.Length;
        _file.Dispose();

        // A generation the reader refuses is worth nothing at restore time, and publishing it would let retention delete
        // a good one to make room. Validated after the fsync, so what is checked is what the disk was given.
        var verdict = BackupValidator.ValidateFile(TemporaryPath);
        if (verdict.IsValid && verdict.Checksum != Writer.Checksum)
        {
            verdict = verdict with
            {
                Problems = [new BackupProblem("checksum", $"the file says {verdict.Checksum}, but the writer wrote {Writer.Checksum}")],
                ProblemCount = 1,
            };
        }

        if (!verdict.IsValid)
        {
            _disposed = true;
            File.Delete(TemporaryPath);
            throw new BackupNotValidException(Collection, Generation, verdict);
        }

        // Never replace an existing generation: a concurrent writer of the same collection is a bug to surface.
        File.Move(TemporaryPath, FinalPath, overwrite: false);
        DirectorySync.Flush(Path.GetDirectoryName(FinalPath)!);
        _committed = true;
        _disposed = true;

        _folder.ApplyRetention(Collection, keep: Generation);
        return new BackupGeneration(Collection, Generation, FinalPath, size, File.GetLastWriteTimeUtc(FinalPath));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Writer.Dispose();
        _file.Dispose();
        if (!_committed)
        {
            File.Delete(TemporaryPath);
        }
    }
}
