using System.Diagnostics;

namespace Arcanum.Torch.Tests.Support;

/// <summary>
/// A thread that forces gen-0 collections and runs finalizers one after another until disposed: what a site's
/// heartbeat, transfers and logs do now and then, made constant, so a Scalar libtorch still reads but nothing
/// references is freed within seconds instead of once in a long run. It leaves the tested thread at least as much time
/// as its collections stop it for: after some earlier tests in the same process (the image GAN's among them) each
/// collection took longer, back to back they held the tested thread stopped 84% of the time, and one test of 20,000
/// batch-norm steps took 2 minutes instead of 3 seconds (the Torch suite 8 minutes instead of 1).
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
            var clock = Stopwatch.StartNew();
            while (!_stop.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                var paused = GC.GetTotalPauseDuration();
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref _collections);
                // The tested thread runs at least half the time: spin (a sleep would be a millisecond, far longer than a collection,
                // and TorchSharp's own BatchNorm1d then passed the batch-norm test; with the spin it fails it 3 runs in 3) until as
                // long as this collection stopped the process has passed.
                var resume = started + 2 * (GC.GetTotalPauseDuration() - paused);
                while (clock.Elapsed < resume && !_stop.IsCancellationRequested) Thread.SpinWait(20);
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
