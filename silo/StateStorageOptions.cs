namespace OrleansFailover.Silo;

/// <summary>Configuration section "Storage": where grain state (the circuit, each collection's status) is kept.</summary>
public sealed class StateStorageOptions
{
    public const string Section = "Storage";

    /// <summary>"File" (default: durable, survives a restart of the silo) or "Memory" (lost with the cluster).</summary>
    public string Provider { get; set; } = "File";

    public string Folder { get; set; } = "data/state";
}
