using System.Collections.Concurrent;

namespace OrleansFailover.Backups.Storage;

/// <summary>
/// Runs blocking file work (fsync, rename, folder fsync) on a few threads of its own. An fsync can take a long time
/// on a busy disk; done on the thread pool it holds a thread that Orleans, Kestrel and gRPC need, and a burst of
/// them (a sync-back commits every collection at once) starves their continuations until calls miss deadlines.
/// </summary>
public static class BlockingIo
{
    private const int Threads = 4;

    private static readonly TaskFactory Factory = new(
        CancellationToken.None,
        TaskCreationOptions.DenyChildAttach,
        TaskContinuationOptions.None,
        new DedicatedThreadScheduler(Threads));

    public static Task RunAsync(Action work) => Factory.StartNew(work);

    public static Task<T> RunAsync<T>(Func<T> work) => Factory.StartNew(work);

    private sealed class DedicatedThreadScheduler : TaskScheduler
    {
        private readonly BlockingCollection<Task> _queue = new();

        [ThreadStatic]
        private static bool t_isWorker;

        public DedicatedThreadScheduler(int threads)
        {
            for (var i = 0; i < threads; i++)
            {
                new Thread(Work) { IsBackground = true, Name = $"OrleansFailover blocking I/O {i + 1}" }.Start();
            }
        }

        public override int MaximumConcurrencyLevel => Threads;

        protected override void QueueTask(Task task) => _queue.Add(task);

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
            t_isWorker && TryExecuteTask(task);

        protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

        private void Work()
        {
            t_isWorker = true;
            foreach (var task in _queue.GetConsumingEnumerable())
            {
                TryExecuteTask(task);
            }
        }
    }
}
