using OrleansFailover.Backups.Writing;

namespace OrleansFailover.Backups.Storage;

/// <summary>
/// A backup being written to a hidden temporary file next to where it will be published. Commit makes it
/// durable and visible in one step (fsync, rename, fsync the folder); disposing without commit deletes it,
/// so a failed write never leaves a partial file in view and never touches the previous generation.
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

    /// <summary>Completes the file (checksum trailer), makes it durable and publishes it; then applies retention.</summary>
    public BackupGeneration Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Writer.Complete();
        Writer.Dispose();
        _file.Flush(flushToDisk: true);
        var size = _file.Length;
        _file.Dispose();

        // Never replace an existing generation: a concurrent writer of the same collection is a bug to surface.
        File.Move(TemporaryPath, FinalPath, overwrite: false);
        DirectorySync.Flush(Path.GetDirectoryName(FinalPath)!);
        _committed = true;
        _disposed = true;

        _folder.ApplyRetention(Collection);
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
