namespace OrleansFailover.Client.Connection;

/// <summary>The command line is well formed but its values are not usable: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
