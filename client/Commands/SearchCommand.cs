using System.CommandLine;
using System.Text.Json;
using OrleansFailover.Backups.Writing;
using OrleansFailover.Client.Connection;
using OrleansFailover.Client.Input;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;

namespace OrleansFailover.Client.Commands;

/// <summary><c>search COLLECTION --vector-file F [--using NAME] [--top K]</c>: top-k by a dense or sparse query vector.</summary>
internal static class SearchCommand
{
    public static Command Create(GlobalOptions global, TextWriter output, TextWriter error)
    {
        var collection = new Argument<string>("collection") { Description = "The collection to search." };
        var vectorFile = new Option<string>("--vector-file") { Description = "A JSON array (dense) or {\"indices\",\"values\"} (sparse).", Required = true };
        var use = new Option<string?>("--using") { Description = "The vector to search (default: the collection's only dense or sparse vector)." };
        var top = new Option<int>("--top") { Description = "How many results (default 10).", DefaultValueFactory = _ => 10 };
        var command = new Command("search", "Search a collection by a query vector.") { collection, vectorFile, use, top };
        SiloCommand.SetAction(command, global, output, error, async context =>
        {
            var name = context.Parsed.GetValue(collection)!;
            var (dense, sparse) = QueryVectorFile.Read(context.Parsed.GetValue(vectorFile)!);
            var router = context.Client.GetGrain<IVectorRouterGrain>(0);
            var vectorName = context.Parsed.GetValue(use) ?? await DefaultVectorAsync(router, name, sparse is not null);
            var query = dense is not null ? VectorQuery.Dense(vectorName, dense) : VectorQuery.Sparse(vectorName, sparse!);
            var hits = await router.Search(name, new SearchRequest { Query = query, Limit = context.Parsed.GetValue(top), WithPayload = true });
            if (context.Json)
            {
                await WriteJsonAsync(context.Output, hits);
            }
            else
            {
                foreach (var (hit, rank) in hits.Select((h, i) => (h, i + 1)))
                {
                    await context.Output.WriteLineAsync($"{rank,3}  {hit.Score,10:0.000000}  {hit.Id}  {Summary(hit.Point)}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<string> DefaultVectorAsync(IVectorRouterGrain router, string collection, bool sparse)
    {
        var schema = (await router.GetCollection(collection)).Schema;
        var names = sparse ? schema.Sparse.Select(s => s.Name).ToArray() : schema.Dense.Select(d => d.Name).ToArray();
        return names.Length == 1
            ? names[0]
            : throw new UsageException(
                $"collection '{collection}' has {names.Length} {(sparse ? "sparse" : "dense")} vectors ({string.Join(", ", names)}): choose one with --using NAME.");
    }

    private static async Task WriteJsonAsync(TextWriter output, IReadOnlyList<ScoredPoint> hits)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ClientJson.Options.Encoder }))
        {
            json.WriteStartArray();
            foreach (var hit in hits)
            {
                json.WriteStartObject();
                if (hit.Id.IsUuid)
                {
                    json.WriteString("id", hit.Id.ToString());
                }
                else
                {
                    json.WriteNumber("id", hit.Id.Number);
                }

                json.WriteNumber("score", hit.Score);
                json.WritePropertyName("payload");
                PayloadJsonWriter.WriteObject(json, hit.Point?.Payload ?? Payloads.Empty);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string Summary(VectorPoint? point)
    {
        if (point is null || point.Payload.Count == 0)
        {
            return string.Empty;
        }

        var text = string.Join(", ", point.Payload.Take(3).Select(p => $"{p.Key}={p.Value}"));
        return text.Length > 100 ? text[..100] + "..." : text;
    }
}
