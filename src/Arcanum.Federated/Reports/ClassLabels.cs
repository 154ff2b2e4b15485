using Arcanum.Data;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Reports;

/// <summary>
/// The classes as a reader says them: a bundled dataset's label names ("death" rather than "2",
/// "alive/censored" rather than "not 2") when the job predicts that dataset's own target and
/// positive value; otherwise the class names as they are.
/// </summary>
internal static class ClassLabels
{
    public static IReadOnlyList<string> For(JobSpec job, IReadOnlyList<string> classNames)
    {
        if (classNames.Count != 2 || !BundledDatasets.TryGet(job.Data, out var data)) return classNames;
        var sameTask = (job.Target ?? data.Target) == data.Target && (job.Target is null ? job.Positive ?? data.Positive : job.Positive) == data.Positive;
        if (!sameTask || data.PositiveLabel is null || data.NegativeLabel is null) return classNames;
        return [data.NegativeLabel, data.PositiveLabel];
    }

    /// <summary>"status = 2 (death) vs alive/censored", or "a vs b" without label names.</summary>
    public static string Describe(JobSpec job, IReadOnlyList<string> classNames)
    {
        var labels = For(job, classNames);
        if (ReferenceEquals(labels, classNames) || job.Target is null) return string.Join(" vs ", classNames);
        return $"{labels[1]} ({job.Target} = {classNames[1]}) vs {labels[0]}";
    }
}
