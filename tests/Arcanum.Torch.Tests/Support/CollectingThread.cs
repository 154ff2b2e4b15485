namespace Arcanum.Torch.Tests.Support;

/// <summary>
/// A thread that forces gen-0 collections and runs finalizers without pause until disposed: what a site's
/// heartbeat, transfers and logs do now and then, made constant, so a Scalar libtorch still reads but nothing
/// references is freed within seconds instead of once in a long run.
/// </summary>
internal sealed class CollectingThread : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _collections;

    public CollectingThread()
    {
        _thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref _collections);
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    /// <summary>Collections run so far (a test checks there were many, or it proved nothing).</summary>
    public int Collections => Volatile.Read(ref _collections);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}

/// <summary>
/// Tests that run a <see cref="CollectingThread"/> run alone, after the others: their constant collections would
/// otherwise hit code in tests running beside them that may still hand libtorch temporary Scalars (code outside the
/// trainer, the synthesizers, the image GAN and the note model, which these tests cover), and fail those tests instead.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GcPressure
{
    public const string Name = "garbage collections forced from another thread";
}
