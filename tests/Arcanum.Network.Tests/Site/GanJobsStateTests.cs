using Arcanum.Network.Site;
using Arcanum.Tests.Shared;

namespace Arcanum.Network.Tests.Site;

/// <summary>
/// What a site killed while saving its AsynDGAN discriminator finds in its workspace when it starts again: the state it loads
/// must be complete. CI once killed a site while it deleted the old state folder: the folder kept its epoch file without its
/// weights, the site took it, and every task of the job failed with "No safetensors file".
/// </summary>
public sealed class GanJobsStateTests
{
    [Fact]
    public void SettleKeptState_TheCopyAsideComplete_AndTheOldFolderHalfDeleted_PutsTheCopyAsideInPlace()
    {
        // Given a copy aside with its epoch file (written last) and a folder in place that lost its weights but not its epoch
        using var dir = new TempDir();
        var job = dir.Sub("job");
        Write(Path.Combine(job, "discriminator.tmp"), epoch: 5, weights: true);
        Write(Path.Combine(job, "discriminator"), epoch: 4, weights: false);

        // When the site settles the state it kept
        var epoch = GanJobs.SettleKeptState(job);

        // Then the complete copy, of the later epoch, is in place with its weights, and nothing is left aside for the next
        // epoch's save to clear
        Assert.Equal(5, epoch);
        Assert.True(File.Exists(Path.Combine(job, "discriminator", "discriminator.safetensors")));
        Assert.Equal("5", File.ReadAllText(Path.Combine(job, "discriminator", "epoch")));
        Assert.False(Directory.Exists(Path.Combine(job, "discriminator.tmp")));
        Assert.Equal(5, GanJobs.SettleKeptState(job));
    }

    [Fact]
    public void SettleKeptState_TheCopyAsideCutShort_KeepsTheFolderInPlace_AndNothingWhenNeitherIsComplete()
    {
        using var dir = new TempDir();
        var job = dir.Sub("job");
        Write(Path.Combine(job, "discriminator.tmp"), epoch: null, weights: true);
        Write(Path.Combine(job, "discriminator"), epoch: 4, weights: true);

        Assert.Equal(4, GanJobs.SettleKeptState(job));
        Assert.True(File.Exists(Path.Combine(job, "discriminator", "discriminator.safetensors")));

        File.Delete(Path.Combine(job, "discriminator", "epoch"));
        Assert.Null(GanJobs.SettleKeptState(job));
        Assert.Null(GanJobs.SettleKeptState(dir.Sub("no-such-job")));
    }

    [Fact]
    public void DeleteState_RemovesTheFolder_AndIgnoresOneThatIsGone()
    {
        using var dir = new TempDir();
        var state = Path.Combine(dir.Sub("job"), "discriminator");
        Write(state, epoch: 3, weights: true);

        GanJobs.DeleteState(state);
        GanJobs.DeleteState(state);

        Assert.False(Directory.Exists(state));
    }

    [Fact]
    public void Restore_AKeptStateThatCannotBeRead_IsDeleted_AndTheSiteStartsAFreshDiscriminator_SayingSo()
    {
        // Given a complete kept state (epoch file and weights) whose weights are damaged
        using var dir = new TempDir();
        var job = dir.Sub("job");
        Write(Path.Combine(job, "discriminator"), epoch: 6, weights: true);
        var halfLoaded = new FakeSite();
        var fresh = new FakeSite();
        var said = new List<string>();

        // When the restarted site restores it
        var (site, epoch) = GanJobs.Restore("job-1", job, halfLoaded, () => fresh, said.Add);

        // Then it carries on with a fresh discriminator from epoch 0, the damaged one is disposed and deleted, and the log says why
        Assert.Same(fresh, site);
        Assert.Equal(0, epoch);
        Assert.True(halfLoaded.Disposed);
        Assert.False(fresh.Disposed);
        Assert.False(Directory.Exists(Path.Combine(job, "discriminator")));
        Assert.Null(GanJobs.SettleKeptState(job));
        Assert.Contains(said, m => m.Contains("cannot be read", StringComparison.Ordinal) && m.Contains("epoch 6", StringComparison.Ordinal)
                                    && m.Contains("starts a fresh one", StringComparison.Ordinal));
    }

    [Fact]
    public void Restore_AReadableKeptState_CarriesOn_AndNoneKept_StartsFresh()
    {
        using var dir = new TempDir();
        var job = dir.Sub("job");
        Directory.CreateDirectory(Path.Combine(job, "discriminator"));
        File.WriteAllText(Path.Combine(job, "discriminator", "discriminator.safetensors"), FakeSite.Readable);
        File.WriteAllText(Path.Combine(job, "discriminator", "epoch"), "4");
        var kept = new FakeSite();
        var said = new List<string>();

        var (site, epoch) = GanJobs.Restore("job-1", job, kept, () => throw new InvalidOperationException("not reopened"), said.Add);

        Assert.Same(kept, site);
        Assert.Equal(4, epoch);
        Assert.Equal(FakeSite.Readable, kept.Loaded);
        Assert.Contains(said, m => m.Contains("carries on from the end of epoch 4", StringComparison.Ordinal));

        var (none, zero) = GanJobs.Restore("job-2", dir.Sub("other"), kept, () => throw new InvalidOperationException("not reopened"), said.Add);
        Assert.Same(kept, none);
        Assert.Equal(0, zero);
    }

    [Fact]
    public void Restore_AFailureThatIsNotTheFiles_PropagatesAndKeepsTheState()
    {
        // Given a kept state, and a device that fails while loading it (not the file's fault)
        using var dir = new TempDir();
        var job = dir.Sub("job");
        Write(Path.Combine(job, "discriminator"), epoch: 6, weights: true);
        var site = new FakeSite(fault: new System.Runtime.InteropServices.ExternalException("CUDA out of memory"));

        // When the site restores it, the failure reaches the task (which a later task retries) and the state is still there
        Assert.Throws<System.Runtime.InteropServices.ExternalException>(() => GanJobs.Restore("job-1", job, site, () => new FakeSite(), _ => { }));
        Assert.Equal(6, GanJobs.SettleKeptState(job));
    }

    [Fact]
    public void SaveKept_ThenRestore_CarriesOnFromThatEpoch_ButAFileChangedOnDiskSinceIsCaughtByItsHash()
    {
        // Given a discriminator kept at the end of epoch 7, whose loader takes any bytes (as flipped bits in real weights load)
        using var dir = new TempDir();
        var job = dir.Sub("job");
        GanJobs.SaveKept(job, new FakeSite(), 7);
        var said = new List<string>();

        // When a restarted site restores it untouched, it carries on from epoch 7
        var kept = new FakeSite(lenient: true);
        Assert.Equal((kept, 7), GanJobs.Restore("job-1", job, kept, () => throw new InvalidOperationException("not reopened"), said.Add));
        Assert.Equal(FakeSite.Readable, kept.Loaded);
        Assert.False(Directory.Exists(Path.Combine(job, "discriminator.tmp")));

        // But when a byte of the weights changed on disk since, the hash catches what the loader would not: the state is deleted
        // and the site starts a fresh discriminator, saying why
        File.WriteAllText(Path.Combine(job, "discriminator", "discriminator.safetensors"), "weighTs");
        var damaged = new FakeSite(lenient: true);
        var fresh = new FakeSite();
        var (site, epoch) = GanJobs.Restore("job-1", job, damaged, () => fresh, said.Add);
        Assert.Same(fresh, site);
        Assert.Equal(0, epoch);
        Assert.Null(damaged.Loaded);
        Assert.Null(GanJobs.SettleKeptState(job));
        Assert.Contains(said, m => m.Contains("SHA-256 differs", StringComparison.Ordinal) && m.Contains("epoch 7", StringComparison.Ordinal));
    }

    /// <summary>
    /// A discriminator whose state file reads back only when it holds <see cref="Readable"/> (as a damaged safetensors file would not),
    /// or, <paramref name="lenient"/>, whatever it holds (as real weights with flipped bits do).
    /// </summary>
    private sealed class FakeSite(Exception? fault = null, bool lenient = false) : Federated.Simulation.IGanSite
    {
        public const string Readable = "weights";

        public bool Disposed { get; private set; }

        public string? Loaded { get; private set; }

        public int Count => 1;

        public float[] Conditions => [];

        public Federated.Simulation.GanStepAnswer Step(int epoch, long[] indices, float[] generated) => throw new NotSupportedException();

        public void SaveState(string folder) => File.WriteAllText(Path.Combine(folder, "discriminator.safetensors"), Readable);

        public void LoadState(string folder)
        {
            if (fault is not null) throw fault;
            var text = File.ReadAllText(Path.Combine(folder, "discriminator.safetensors"));
            Loaded = text == Readable || lenient ? text : throw new InvalidDataException("The safetensors header is cut short.");
        }

        public void Dispose() => Disposed = true;
    }

    private static void Write(string folder, int? epoch, bool weights)
    {
        Directory.CreateDirectory(folder);
        if (weights) File.WriteAllBytes(Path.Combine(folder, "discriminator.safetensors"), [1, 2, 3]);
        if (epoch is { } e) File.WriteAllText(Path.Combine(folder, "epoch"), e.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
