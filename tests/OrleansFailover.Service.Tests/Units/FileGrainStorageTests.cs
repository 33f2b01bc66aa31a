using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Failover;
using OrleansFailover.Grains.Storage;
using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>Grain state in files: read back as written, guarded by ETags, durable across a new storage instance.</summary>
public sealed class FileGrainStorageTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
    private readonly GrainId _grain = GrainId.Create("failover", "0");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task State_written_by_one_instance_is_read_by_the_next()
    {
        var written = new GrainState<FailoverState>(new FailoverState { Circuit = CircuitState.Open, ConsecutiveFailures = 3 });
        written.State!.Collections.Add("docs");
        await new FileGrainStorage(_folder.Path, _serializer).WriteStateAsync("failover", _grain, written);

        var read = new GrainState<FailoverState>(new FailoverState());
        await new FileGrainStorage(_folder.Path, _serializer).ReadStateAsync("failover", _grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(CircuitState.Open, read.State!.Circuit);
        Assert.Equal(3, read.State.ConsecutiveFailures);
        Assert.Equal(["docs"], read.State.Collections);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var storage = new FileGrainStorage(_folder.Path, _serializer);
        var first = new GrainState<FailoverState>(new FailoverState { ConsecutiveFailures = 1 });
        await storage.WriteStateAsync("failover", _grain, first);
        var stale = new GrainState<FailoverState>(new FailoverState { ConsecutiveFailures = 99 }) { ETag = null };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("failover", _grain, stale));

        var read = new GrainState<FailoverState>(new FailoverState());
        await storage.ReadStateAsync("failover", _grain, read);
        Assert.Equal(1, read.State!.ConsecutiveFailures);
    }

    [Fact]
    public async Task Missing_state_reads_as_no_record_and_cleared_state_is_gone()
    {
        var storage = new FileGrainStorage(_folder.Path, _serializer);
        var state = new GrainState<FailoverState>(new FailoverState());

        await storage.ReadStateAsync("failover", _grain, state);
        var existedBefore = state.RecordExists;
        await storage.WriteStateAsync("failover", _grain, state);
        await storage.ClearStateAsync("failover", _grain, state);
        var after = new GrainState<FailoverState>(new FailoverState());
        await storage.ReadStateAsync("failover", _grain, after);

        Assert.False(existedBefore);
        Assert.False(after.RecordExists);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.state", SearchOption.AllDirectories));
    }
}
