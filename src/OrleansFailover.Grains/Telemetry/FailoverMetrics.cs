using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Routing;
using OrleansFailover.Grains.Services;

namespace OrleansFailover.Grains.Telemetry;

/// <summary>
/// The service's metrics (meter <see cref="MeterName"/>), per silo: syncs (duration, points, bytes), validation
/// failures, this silo's view of the circuit and of failover, failover activations, the journals this silo holds
/// (size, pending writes) and sync-back progress. Exported by the silo at <c>/metrics</c> (Prometheus).
/// </summary>
public sealed class FailoverMetrics
{
    public const string MeterName = "OrleansFailover";

    private readonly ConcurrentDictionary<string, CollectionJournal> _journals = new(StringComparer.Ordinal);
    private readonly Histogram<double> _syncDuration;
    private readonly Counter<long> _syncPoints;
    private readonly Counter<long> _syncBytes;
    private readonly Counter<long> _validationFailures;
    private readonly Counter<long> _failoverActivations;
    private readonly Counter<long> _recordsReplayed;
    private readonly Counter<long> _conflicts;

    public FailoverMetrics(IMeterFactory meters, ServiceModeCache mode, ServiceTime time)
    {
        var meter = meters.Create(MeterName);
        _syncDuration = meter.CreateHistogram<double>("orleans_failover.sync.duration", "s", "Duration of full syncs of a collection into a backup generation.");
        _syncPoints = meter.CreateCounter<long>("orleans_failover.sync.points", "{point}", "Points written into backup generations.");
        _syncBytes = meter.CreateCounter<long>("orleans_failover.sync.bytes", "By", "Bytes of backup generations published.");
        _validationFailures = meter.CreateCounter<long>("orleans_failover.backup.validation_failures", "{generation}", "Backup generations rejected by validation before a restore.");
        _failoverActivations = meter.CreateCounter<long>("orleans_failover.failover.activations", "{activation}", "Times the circuit opened and failover began.");
        _recordsReplayed = meter.CreateCounter<long>("orleans_failover.syncback.records_replayed", "{record}", "Journal records replayed into Qdrant by sync-back.");
        _conflicts = meter.CreateCounter<long>("orleans_failover.syncback.conflicts", "{point}", "Points changed both during failover and in Qdrant, settled by the conflict rule.");
        meter.CreateObservableGauge("orleans_failover.circuit.state", () => CircuitValue(mode.Current.Circuit), "{state}",
            "The circuit as this silo routes by: 0 closed, 1 half-open (sync-back), 2 open.");
        meter.CreateObservableGauge("orleans_failover.failover.duration", () => mode.Current.FailoverSince is { } since
            ? (time.GetUtcNow() - since).TotalSeconds
            : 0, "s", "How long failover has lasted, 0 when traffic goes to Qdrant.");
        meter.CreateObservableGauge("orleans_failover.journal.size", () => Journals(summary => summary.SizeBytes), "By",
            "Size of the collection journals this silo holds.");
        meter.CreateObservableGauge("orleans_failover.journal.pending", () => Journals(summary => summary.PendingRecords), "{record}",
            "Writes accepted during failover that sync-back has not replayed into Qdrant yet.");
    }

    public void SyncCompleted(string collection, TimeSpan duration, long points, long bytes)
    {
        var tag = Collection(collection);
        _syncDuration.Record(duration.TotalSeconds, tag, new KeyValuePair<string, object?>("outcome", "completed"));
        _syncPoints.Add(points, tag);
        _syncBytes.Add(bytes, tag);
    }

    public void SyncFailed(string collection, TimeSpan duration) =>
        _syncDuration.Record(duration.TotalSeconds, Collection(collection), new KeyValuePair<string, object?>("outcome", "failed"));

    public void GenerationRejected(string collection) => _validationFailures.Add(1, Collection(collection));

    public void FailoverActivated() => _failoverActivations.Add(1);

    public void Replayed(string collection, long records, long conflicts)
    {
        _recordsReplayed.Add(records, Collection(collection));
        _conflicts.Add(conflicts, Collection(collection));
    }

    /// <summary>A collection's grain opened its journal on this silo (and <see cref="Untrack"/> when it closes it).</summary>
    public void Track(string collection, CollectionJournal journal) => _journals[collection] = journal;

    public void Untrack(string collection) => _journals.TryRemove(collection, out _);

    private IEnumerable<Measurement<long>> Journals(Func<JournalStatus, long> value) =>
        _journals.Select(j => new Measurement<long>(value(j.Value.Summarize()), Collection(j.Key)));

    private static KeyValuePair<string, object?> Collection(string collection) => new("collection", collection);

    private static int CircuitValue(CircuitState circuit) => circuit switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        _ => 2,
    };
}
