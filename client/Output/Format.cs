using System.Globalization;

namespace OrleansFailover.Client.Output;

/// <summary>How the client writes numbers, sizes and times for people.</summary>
internal static class Format
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KiB",
        _ => $"{bytes} B",
    };

    public static string Time(DateTimeOffset? time) =>
        time is { } value ? value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "-",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:0} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds:0.0} s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes}m{d.Seconds:00}s",
        var d => $"{(int)d.Value.TotalHours}h{d.Value.Minutes:00}m",
    };
}
