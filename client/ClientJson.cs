using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansFailover.Client;

/// <summary>How the client writes JSON for scripts: one object per line, UTF-8 text left readable.</summary>
internal static class ClientJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };
}
