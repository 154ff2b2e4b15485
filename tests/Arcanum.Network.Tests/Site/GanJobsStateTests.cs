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
    public void KeptState_TheCopyAsideComplete_AndTheOldFolderHalfDeleted_TakesTheCopyAside()
    {
        // Given a copy aside with its epoch file (written last) and a folder in place that lost its weights but not its epoch
        using var dir = new TempDir();
        var job = dir.Sub("job");
        Write(Path.Combine(job, "discriminator.tmp"), epoch: 5, weights: true);
        Write(Path.Combine(job, "discriminator"), epoch: 4, weights: false);

        // When the site looks for the state it kept
        var kept = GanJobs.KeptState(job);

        // Then it takes the complete copy aside, of the later epoch
        Assert.Equal((Path.Combine(job, "discriminator.tmp"), 5), kept);
    }

    [Fact]
    public void KeptState_TheCopyAsideCutShort_TakesTheFolderInPlace_AndNothingWhenNeitherIsComplete()
    {
        using var dir = new TempDir();
        var job = dir.Sub("job");
        Write(Path.Combine(job, "discriminator.tmp"), epoch: null, weights: true);
        Write(Path.Combine(job, "discriminator"), epoch: 4, weights: true);

        Assert.Equal((Path.Combine(job, "discriminator"), 4), GanJobs.KeptState(job));

        File.Delete(Path.Combine(job, "discriminator", "epoch"));
        Assert.Null(GanJobs.KeptState(job));
        Assert.Null(GanJobs.KeptState(dir.Sub("no-such-job")));
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
