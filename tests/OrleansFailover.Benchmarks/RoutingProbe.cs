using System.Diagnostics;
using OrleansFailover.Contracts;

namespace OrleansFailover.Benchmarks;

/// <summary>
/// The silo learns a new mode within a second (its routing cache); this waits until its searches show it: they
/// reach the Qdrant test server, or they are answered without reaching it (from the backup).
/// </summary>
internal static class RoutingProbe
{
    public static async Task WaitAsync(WorkloadFixture fixture, ServiceHost service, bool toQdrant)
    {
        var probe = new SearchRequest { Query = VectorQuery.Dense(Testing.Workload.DenseName, fixture.Workload.QueryVector(0)), Limit = 1 };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            var searchesBefore = fixture.Server.Faults.CallCount("Query");
            try
            {
                await service.Router.Search(WorkloadFixture.Collection, probe);
                if (fixture.Server.Faults.CallCount("Query") > searchesBefore == toQdrant)
                {
                    return;
                }
            }
            catch (VectorStoreException)
            {
                // Still switching over.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The silo did not route searches to {(toQdrant ? "Qdrant" : "the backup")} within 30 s.");
    }
}
