namespace OrleansFailover.Contracts;

/// <summary>What went wrong, in the terms both stores share (Qdrant's gRPC status codes map onto these).</summary>
public enum VectorStoreErrorKind
{
    /// <summary>The request itself is wrong: bad name, wrong dimension, NaN, invalid id. Retrying will not help.</summary>
    InvalidArgument = 0,

    /// <summary>The collection does not exist.</summary>
    CollectionNotFound = 1,

    /// <summary>A collection with that name already exists.</summary>
    CollectionAlreadyExists = 2,

    /// <summary>The store could not be reached or did not answer in time. Retrying may help.</summary>
    Unavailable = 3,

    /// <summary>The store failed in a way that is not the caller's fault.</summary>
    Internal = 4,

    /// <summary>
    /// The call did not complete within its deadline: a write may or may not have been applied. On its own this says
    /// nothing certain about the store (one oversized request can run long while the store answers everyone else), so
    /// it counts against the store's health only when a health probe confirms it.
    /// </summary>
    Timeout = 5,
}
