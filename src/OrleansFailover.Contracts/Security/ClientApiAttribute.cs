namespace OrleansFailover.Contracts.Security;

/// <summary>
/// Marks a grain interface that clients may call through the gateway: the vector operations, the status and the
/// operator's commands. Every other grain interface of the service is coordination between silos, and a call to it
/// that does not come from a silo of the cluster is refused, whatever key it carries.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class ClientApiAttribute : Attribute;

/// <summary>
/// A method of a client interface that changes nothing: a read-only key (<c>Security:ReadOnlyApiKey</c>) may call it.
/// A client method without it changes state and needs the full key (<c>Security:ApiKey</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ReadOnlyAccessAttribute : Attribute;
