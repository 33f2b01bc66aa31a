namespace OrleansFailover.Backups.Restore;

public sealed record BackupLoadOptions
{
    /// <summary>Load only this collection of the file; null loads all of them.</summary>
    public string? Collection { get; init; }

    /// <summary>Create the collection under this name instead (only with <see cref="Collection"/> set).</summary>
    public string? TargetName { get; init; }

    /// <summary>Points per upsert into the target store.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Delete a collection of the same name in the target first; otherwise an existing one is an error.</summary>
    public bool ReplaceExisting { get; init; }
}
