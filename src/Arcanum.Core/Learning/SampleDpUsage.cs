using Arcanum.Core.Privacy;

namespace Arcanum.Core.Learning;

/// <summary>
/// The privacy-relevant facts of one DP-SGD run: <paramref name="Steps"/> steps, each of which took every
/// row with probability <paramref name="SampleRate"/> and added Gaussian noise of σ =
/// <paramref name="NoiseMultiplier"/> times the clipping norm <paramref name="Clip"/>. A site composes its
/// runs over the rounds of a job by recording each on one accountant.
/// </summary>
public sealed record SampleDpUsage(double NoiseMultiplier, double SampleRate, int Steps, double Clip)
{
    /// <summary>Adds this run's steps to <paramref name="accountant"/> (the site's, one per job).</summary>
    public void RecordOn(RdpAccountant accountant)
    {
        ArgumentNullException.ThrowIfNull(accountant);
        accountant.Step(NoiseMultiplier, SampleRate, Steps);
    }
}
