using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Circuit;

/// <summary>A change of the circuit's state and why it happened.</summary>
public sealed record CircuitTransition(CircuitState From, CircuitState To, string Reason);
