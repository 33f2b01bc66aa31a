namespace OrleansFailover.Client.Output;

/// <summary>
/// Progress of long work, on standard error so that standard output stays clean for --json: a line updated in
/// place on a terminal, a line per step otherwise.
/// </summary>
internal sealed class ProgressDisplay(TextWriter error, string what, long? total)
{
    private readonly bool _interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private long _lastShown = -1;

    public void Report(long done, string? detail = null)
    {
        var percent = total is > 0 ? done * 100 / total.Value : -1;
        if (!_interactive && percent >= 0 && percent / 10 == _lastShown / 10 && done != total)
        {
            return;
        }

        _lastShown = percent;
        var text = total is > 0 ? $"{what}: {done:N0}/{total:N0} ({percent}%)" : $"{what}: {done:N0}";
        if (detail is not null)
        {
            text += $" {detail}";
        }

        if (_interactive)
        {
            error.Write($"\r{text}   ");
        }
        else
        {
            error.WriteLine(text);
        }
    }

    public void Done(string summary)
    {
        if (_interactive)
        {
            error.Write("\r");
        }

        error.WriteLine(summary);
    }
}
