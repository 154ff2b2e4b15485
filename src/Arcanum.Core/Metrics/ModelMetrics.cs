namespace Arcanum.Core.Metrics;

/// <summary>
/// What reports need from a model's scores on some held-out data, whatever the task: the metrics
/// by name and how many units (<see cref="Count"/>: samples for a classifier, patients for a
/// segmenter) they rest on. A metric undefined on the data is NaN. Reports, summary.json and
/// rounds.csv go through this, so a task brings its own metrics without a report builder of its own.
/// </summary>
public abstract record ModelMetrics(int Count)
{
    /// <summary>The metrics by name, in report order.</summary>
    public abstract IReadOnlyDictionary<string, double> ToDictionary();

    /// <summary>One metric by name (case-insensitive); an unknown name is an <see cref="ArgumentException"/> listing the valid ones.</summary>
    public abstract double Get(string metricName);
}
