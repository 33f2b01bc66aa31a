namespace OrleansFailover.Client.Connection;

/// <summary>The client could not talk to the silo: exit code 3.</summary>
internal sealed class SiloUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
