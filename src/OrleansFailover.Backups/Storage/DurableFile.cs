namespace OrleansFailover.Backups.Storage;

/// <summary>Replaces a small file so that a crash leaves either the old content or the new, never a mix.</summary>
public static class DurableFile
{
    /// <summary>Writes to a temporary file in the same folder, fsyncs it, renames it over the target, fsyncs the folder.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            DirectorySync.Flush(folder);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Deletes the file and makes the deletion durable.</summary>
    public static void Delete(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
    }
}
