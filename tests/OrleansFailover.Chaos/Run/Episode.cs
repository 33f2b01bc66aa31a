namespace OrleansFailover.Chaos.Run;

/// <summary>One episode of a chaos schedule: a fault, what happens while it lasts, and how the service recovers from it.</summary>
public abstract record Episode
{
    private Episode()
    {
    }

    /// <summary>Qdrant stops (keeping its data or losing it); optionally a silo is killed during failover, Qdrant comes back slow; recovery by itself or by an operator.</summary>
    public sealed record QdrantOutage(bool ComesBackEmpty, bool ComesBackSlow, bool KillSiloDuringFailover, bool NaturalRecovery) : Episode
    {
        public override bool OpensCircuit => true;

        public override string ToString() =>
            $"Qdrant stops; {(KillSiloDuringFailover ? "a silo is killed and restarted during failover; " : "")}" +
            $"it comes back {(ComesBackEmpty ? "EMPTY" : "with its data")}{(ComesBackSlow ? ", 20 ms slow" : "")}; " +
            $"{(NaturalRecovery ? "break, probe and sync-back" : "an operator returns")}";
    }

    /// <summary>Qdrant fails every call, or answers slowly, for a while.</summary>
    public sealed record Blip(bool Unavailable) : Episode
    {
        public override bool OpensCircuit => Unavailable;

        public override string ToString() => Unavailable ? "Qdrant answers UNAVAILABLE for a while" : "Qdrant answers 400 ms late for a while";
    }

    /// <summary>An operator forces failover and returns; optionally the silo holding the collection is killed during the return.</summary>
    public sealed record ForcedFailover(KillPoint Kill) : Episode
    {
        public override bool OpensCircuit => true;

        public override string ToString() => Kill switch
        {
            KillPoint.DuringReplay => "forced failover; the silo holding the collection is killed during the replay",
            KillPoint.DuringFreshGeneration => "forced failover; the silo holding the collection is killed during the fresh generation",
            _ => "forced failover and return",
        };
    }

    /// <summary>A silo is killed (SIGKILL) while traffic is on Qdrant, and restarted.</summary>
    public sealed record SiloKill(bool HoldingTheFailoverGrain) : Episode
    {
        public override string ToString() => HoldingTheFailoverGrain ? "the silo holding the failover grain is killed" : "a silo is killed";
    }

    /// <summary>Whether the circuit opens in this episode (an outage, for M9).</summary>
    public virtual bool OpensCircuit => false;
}

/// <summary>Where in the return a silo is killed.</summary>
public enum KillPoint
{
    None,
    DuringReplay,
    DuringFreshGeneration,
}
