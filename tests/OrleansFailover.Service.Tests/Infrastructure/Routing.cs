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
