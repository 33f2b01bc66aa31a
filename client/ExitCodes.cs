namespace OrleansFailover.Client;

/// <summary>What the client's exit code means, so that scripts can trust it.</summary>
public static class ExitCodes
{
    /// <summary>Done; for validate, the file is a valid backup.</summary>
    public const int Success = 0;

    /// <summary>The work failed or the answer is no (an invalid or unreadable backup).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: unknown command or option, missing argument.</summary>
    public const int Usage = 2;

    /// <summary>The silo could not be reached (nothing listening at the gateway, or the wrong cluster).</summary>
    public const int SiloUnreachable = 3;

    /// <summary>The silo refused the call: no key or a wrong one (unauthenticated), or a key that does not allow it (permission denied).</summary>
    public const int AccessDenied = 4;
}
