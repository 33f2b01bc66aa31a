namespace OrleansFailover.Grains.Services;

/// <summary>
/// The clock the service's own logic runs on (circuit break durations, status times, next sync due). A
/// distinct type, so tests can give the service a fake clock without changing Orleans' own.
/// </summary>
public sealed class ServiceTime(TimeProvider inner) : TimeProvider
{
    /// <summary>The real clock.</summary>
    public static ServiceTime Real { get; } = new(System);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
