using System.CommandLine;
using System.Text.Json;
using OrleansFailover.Client.Output;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;

namespace OrleansFailover.Client.Commands;

/// <summary><c>collections</c>: every collection, with its point count and vectors, from wherever traffic goes now.</summary>
internal static class CollectionsCommand
{
    public static Command Create(GlobalOptions global, TextWriter output, TextWriter error)
    {
        var command = new Command("collections", "List the collections with their point counts and vectors.");
        SiloCommand.SetAction(command, global, output, error, async context =>
        {
            var router = context.Client.GetGrain<IVectorRouterGrain>(0);
            var infos = new List<CollectionInfo>();
            foreach (var name in await router.ListCollections())
            {
                try
                {
                    infos.Add(await router.GetCollection(name));
                }
                catch (VectorStoreException exception) when (exception.Kind is VectorStoreErrorKind.CollectionNotFound or VectorStoreErrorKind.Unavailable)
                {
                    await context.Error.WriteLineAsync($"warning: {name}: {exception.Message}");
                }
            }

            if (context.Json)
            {
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(infos.Select(i => new
                {
                    name = i.Name,
                    points = i.PointCount,
                    dense = i.Schema.Dense.Select(d => new { name = d.Name, size = d.Size, distance = d.Distance.ToString() }),
                    sparse = i.Schema.Sparse.Select(s => s.Name),
                }), ClientJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table("COLLECTION", "POINTS", "VECTORS");
            foreach (var info in infos)
            {
                table.Add(info.Name, Format.Count(info.PointCount), Describe(info.Schema));
            }

            table.WriteTo(context.Output);
            return ExitCodes.Success;
        });
        return command;
    }

    public static string Describe(CollectionSchema schema) =>
        string.Join(", ", schema.Dense.Select(d => $"{(d.Name.Length == 0 ? "(unnamed)" : d.Name)}:{d.Size}:{d.Distance}")
            .Concat(schema.Sparse.Select(s => $"{s.Name}:sparse")));
}
