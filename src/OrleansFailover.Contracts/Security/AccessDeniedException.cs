namespace OrleansFailover.Contracts.Security;

/// <summary>A call refused by the silo before it ran: nothing was read or changed.</summary>
[GenerateSerializer, Alias("OrleansFailover.AccessDeniedException")]
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException(AccessDenial denial, string message)
        : base(message)
    {
        Denial = denial;
    }

    [Id(0)]
    public AccessDenial Denial { get; }

    public static AccessDeniedException Unauthenticated(string message) => new(AccessDenial.Unauthenticated, message);

    public static AccessDeniedException PermissionDenied(string message) => new(AccessDenial.PermissionDenied, message);
}
