namespace OrleansFailover.Contracts.Security;

/// <summary>Why a call was refused before it did anything.</summary>
[GenerateSerializer, Alias("OrleansFailover.AccessDenial")]
public enum AccessDenial
{
    /// <summary>No key, or a key that is not one of the service's keys.</summary>
    Unauthenticated = 0,

    /// <summary>A valid key that does not allow the call (a read-only key that writes), or a call only silos may make.</summary>
    PermissionDenied = 1,
}
