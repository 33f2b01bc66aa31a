namespace OrleansFailover.Contracts.Service;

public enum ServiceEventKind
{
    CircuitOpened = 0,
    CircuitHalfOpened = 1,
    CircuitClosed = 2,
    SyncCompleted = 3,
    SyncFailed = 4,
    SyncSkipped = 5,
    RestoreCompleted = 6,
    RestoreStartedEmpty = 7,
    RestoreFailed = 8,
    SyncBackStarted = 9,
    SyncBackCompleted = 10,
    SyncBackFailed = 11,

    /// <summary>A collection drained its journal into Qdrant: writes go to Qdrant first while the fresh generation is taken.</summary>
    CollectionSealed = 12,

    /// <summary>Traffic is back on Qdrant: the collection dropped its in-memory copy.</summary>
    ServingEnded = 13,
}
