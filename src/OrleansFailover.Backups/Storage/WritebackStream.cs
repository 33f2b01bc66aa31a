using System.Runtime.InteropServices;

using OrleansFailover.Backups.Writing;

namespace OrleansFailover.Backups.Storage;

/// <summary>
/// Passes writes to a file and, on Linux, asks the kernel to start writing each finished stretch to disk
/// right away (sync_file_range). The final fsync then finds little left to do, so the disk works while the
/// rest of the backup is still being produced instead of all at once at the end.
/// </summary>
internal sealed partial class WritebackStream(FileStream file) : WriteOnlyStream
{
    private const long WritebackStretch = 8L << 20;
    private const uint SyncFileRangeWrite = 2;

    private long _submitted;
    private bool _unsupported = !OperatingSystem.IsLinux();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        file.Write(buffer);
        Written += buffer.Length;
        if (!_unsupported && Written - _submitted >= WritebackStretch)
        {
            StartWriteback(_submitted, Written - _submitted);
            _submitted = Written;
        }
    }

    public override void Flush() => file.Flush();

    private void StartWriteback(long offset, long length)
    {
        var handle = file.SafeFileHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            // Only a hint: if the file system does not support it, the final fsync does all the work as before.
            if (SyncFileRange((int)handle.DangerousGetHandle(), offset, length, SyncFileRangeWrite) != 0)
            {
                _unsupported = true;
            }
        }
        catch (EntryPointNotFoundException)
        {
            _unsupported = true;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int descriptor, long offset, long length, uint flags);
}
