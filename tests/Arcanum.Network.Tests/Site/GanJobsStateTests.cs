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

    private static void Write(string folder, int? epoch, bool weights)
    {
        Directory.CreateDirectory(folder);
        if (weights) File.WriteAllBytes(Path.Combine(folder, "discriminator.safetensors"), [1, 2, 3]);
        if (epoch is { } e) File.WriteAllText(Path.Combine(folder, "epoch"), e.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
