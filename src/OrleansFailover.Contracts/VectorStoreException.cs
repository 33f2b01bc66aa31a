namespace OrleansFailover.Contracts;

/// <summary>A failure of a vector store operation, with a message that names what is wrong.</summary>
[GenerateSerializer, Alias("OrleansFailover.VectorStoreException")]
public sealed class VectorStoreException : Exception
{
    public VectorStoreException(VectorStoreErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    [Id(0)]
    public VectorStoreErrorKind Kind { get; }

    /// <summary>True when the failure says the store is unhealthy, not that the request was wrong.</summary>
    public bool IsStoreFailure => Kind is VectorStoreErrorKind.Unavailable or VectorStoreErrorKind.Internal;

    /// <summary>
    /// The same error without its inner exception: what crosses a grain boundary. The inner exception (a gRPC
    /// status, a socket error) stays in the silo's log; callers get the kind and a message that says it all.
    /// </summary>
    public VectorStoreException ForCaller() => InnerException is null ? this : new VectorStoreException(Kind, Message);

    public static VectorStoreException InvalidArgument(string message) => new(VectorStoreErrorKind.InvalidArgument, message);

    public static VectorStoreException CollectionNotFound(string collection) =>
        new(VectorStoreErrorKind.CollectionNotFound, $"Collection '{collection}' does not exist.");

    public static VectorStoreException CollectionAlreadyExists(string collection) =>
        new(VectorStoreErrorKind.CollectionAlreadyExists, $"Collection '{collection}' already exists.");
}
