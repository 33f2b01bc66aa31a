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
}
