namespace OrleansFailover.Contracts.Service;

public enum SyncOutcome
{
    Completed = 0,

    /// <summary>Not run: backups are disabled, the circuit is not closed, or failover is active.</summary>
    Skipped = 1,

    Failed = 2,
}
