namespace OrleansFailover.Backups.Format;

/// <summary>The backup formats this service reads, and the one it writes.</summary>
public static class BackupVersions
{
    /// <summary>CodeWeaver's in-memory store persistence: vector config directly in the collection.</summary>
    public const string CodeWeaverV1 = "1.0";

    /// <summary>CodeWeaver's periodic sync: vector config under "config", counts in metadata.</summary>
    public const string CodeWeaverV2 = "2.0";

    /// <summary>Ours: base64 float32 vectors, counts after the points, a SHA-256 checksum trailer.</summary>
    public const string Native = "3.0";

    public const string NativeFormatName = "orleans-failover-backup";

    public static bool IsKnown(string? version) => version is CodeWeaverV1 or CodeWeaverV2 or Native;
}
