namespace OrleansFailover.Silo;

/// <summary>Configuration section "Http": where the silo serves its health endpoints.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>The port of the health endpoints; 0 lets the system pick a free one (tests, several silos on one machine).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Listen on every interface (Kubernetes) or on localhost only (the embedded default).</summary>
    public bool ListenOnAnyAddress { get; set; }
}
