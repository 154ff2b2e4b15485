using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// AsynDGAN with every site in this process: the same <see cref="GanWorkflow"/> the server runs, over the in-process
/// transport, so one job gives the same generator in one process and across hospitals. Sites answer one at a time in the
/// participants' order (a GAN step is short, and the generator's sum must not depend on timing).
/// </summary>
public static class InProcessGan
{
    /// <summary>Runs epoch <paramref name="epoch"/> (1-based); <paramref name="skip"/> simulates faults (a site it names for a step gets no task).</summary>
    public static GanEpochTotals Epoch(JobSpec job, IGanServer server, IReadOnlyList<(string Name, IGanSite Site)> sites, int epoch,
        Func<int, string, bool>? skip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var transport = new InProcessTransport(sites.Select(s => new Site(s.Name, s.Site)), 1, cancellationToken);
        var conditions = sites.Select(s => new GanConditions(s.Name, s.Site.Count, s.Site.Conditions)).ToList();
        return new GanWorkflow(transport).EpochAsync(job, server, conditions, epoch, cancellationToken, skip).GetAwaiter().GetResult();
    }

    private sealed class Site(string name, IGanSite site) : IInProcessSite
    {
        public string Name { get; } = name;

        public SiteAnswer Answer(SiteWork work, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (indices, generated) = GanWorkflow.ReadTask(work.Task.Global);
            var answer = site.Step(work.Task.Round, indices, generated);
            var shape = work.Task.Global[GanWorkflow.Generated].Shape;
            return new SiteAnswer(Name, new RoundResult(Name, indices.Length, GanWorkflow.AnswerWeights(answer, shape), null, 1), answer.Adversarial, "");
        }
    }
}
