using OrleansFailover.Contracts;

namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>What an indexer does when Qdrant has just gone down: retries a call that failed until it is answered.</summary>
public static class Routing
{
    /// <summary>Calls until answered; returns the answer and how many attempts failed as unavailable first.</summary>
    public static async Task<(T Result, int FailedAttempts)> UntilAnsweredAsync<T>(Func<Task<T>> call, int maxAttempts = 10)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (await call(), attempt);
            }
            catch (VectorStoreException error) when (error.Kind == VectorStoreErrorKind.Unavailable && attempt + 1 < maxAttempts)
            {
                // The circuit opens after the failure threshold; until then the caller sees Qdrant's failure.
            }
        }
    }

    public static void AssertSameHits(IReadOnlyList<ScoredPoint> expected, IReadOnlyList<ScoredPoint> actual)
    {
        Assert.Equal(expected.Select(h => h.Id), actual.Select(h => h.Id));
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal(want.Score, got.Score, tolerance: 1e-4f);
            Assert.True(Payloads.AreEqual(want.Point!.Payload, got.Point!.Payload));
        }
    }
}

/// <summary>What a client of a cluster that is healing does: a call that fails because a silo vanished, or Qdrant is being
/// failed over, is tried again (every 100 ms) until it is answered or the limit is reached.</summary>
public static class Healing
{
    public static async Task<T> UntilAnsweredAsync<T>(Func<Task<T>> call, TimeSpan? limit = null)
    {
        var deadline = DateTimeOffset.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (IsTransient(error) && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    public static Task UntilDoneAsync(Func<Task> call, TimeSpan? limit = null) =>
        UntilAnsweredAsync(async () => { await call(); return true; }, limit);

    private static bool IsTransient(Exception error) => error is OrleansException or TimeoutException or OperationCanceledException
        || (error is VectorStoreException store && store.Kind is VectorStoreErrorKind.Unavailable or VectorStoreErrorKind.Timeout);
}
