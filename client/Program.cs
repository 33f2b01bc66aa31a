using OrleansFailover.Client;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await ClientApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
