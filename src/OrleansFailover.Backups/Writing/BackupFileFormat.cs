namespace OrleansFailover.Backups.Writing;

/// <summary>The formats the writer produces.</summary>
public enum BackupFileFormat
{
    /// <summary>Ours (3.0): base64 float32 vectors and a SHA-256 checksum trailer.</summary>
    Native,

    /// <summary>CodeWeaver's v2.0, JSON number arrays, for tools that read that format.</summary>
    CodeWeaverV2,
}
