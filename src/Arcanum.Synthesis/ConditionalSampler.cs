using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;

namespace Arcanum.Synthesis;

/// <summary>
/// Draws exactly the rows asked for: unconditioned, or meeting every clause of a condition. The model serves
/// what it can natively (<see cref="ISynthesizer.NativelyServed"/>); the rest is bounded rejection: at most
/// <c>maxGenerated</c> rows are drawn before giving up with <see cref="ConditionTooRareException"/>, which
/// says how far it got.
/// </summary>
public static class ConditionalSampler
{
    public static SamplingResult Sample(ISynthesizer model, int count, RowConditions? conditions, int seed,
        long? maxGenerated = null, IProgress<SamplingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (count < 1) throw new SynthesisException($"The number of rows must be at least 1, not {count}.");
        var limit = maxGenerated ?? Math.Max(100_000L, 100L * count);
        var native = conditions is null ? [] : model.NativelyServed(conditions);
        var kept = Enumerable.Range(0, model.Schema.Learned.Count).Select(_ => new List<double>()).ToArray();
        long generated = 0, accepted = 0, met = 0;
        var round = 0;
        while (accepted < count)
        {
            cancellation.ThrowIfCancellationRequested();
            if (generated >= limit)
                throw new ConditionTooRareException(conditions!, count, accepted, generated, native.Select(c => c.Column.Name).ToArray());
            var rate = generated == 0 ? 1.0 : Math.Max((double)accepted / generated, 1.0 / limit);
            var batch = (int)Math.Clamp(Math.Ceiling((count - accepted) / rate * 1.1), 64, 20_000);
            batch = (int)Math.Min(batch, limit - generated);
            var table = model.Generate(batch, conditions, unchecked(seed + round++ * 7919));
            generated += batch;
            var meets = conditions?.Matches(table) ?? Enumerable.Repeat(true, table.RowCount).ToArray();
            var meeting = Enumerable.Range(0, table.RowCount).Where(r => meets[r]).ToArray();
            met += meeting.Length;
            var rows = meeting.Take((int)(count - accepted)).ToArray();
            var values = model.Schema.Extract(table.Select(rows));
            for (var c = 0; c < kept.Length; c++) kept[c].AddRange(values[c]);
            accepted += rows.Length;
            progress?.Report(new SamplingProgress(accepted, count, generated));
        }
        var result = model.Schema.Build(kept.Select(k => k.ToArray()).ToArray());
        return new SamplingResult(result, generated, met, conditions, native.Select(c => c.Column.Name).ToArray());
    }
}

public sealed record SamplingProgress(long Accepted, int Wanted, long Generated);

/// <summary>The rows and how they were found.</summary>
/// <param name="Rows">Exactly the rows asked for, each meeting the conditions.</param>
/// <param name="Generated">Rows the model drew, conditioned natively where it could, before filtering.</param>
/// <param name="Met">Rows drawn that met every condition (the last batch may have had more than needed).</param>
/// <param name="Conditions">The conditions, or null for none.</param>
/// <param name="NativeColumns">Columns whose conditions the model served natively.</param>
public sealed record SamplingResult(DataTable Rows, long Generated, long Met, RowConditions? Conditions, IReadOnlyList<string> NativeColumns)
{
    /// <summary>Share of drawn rows that met every condition.</summary>
    public double AcceptanceRate => Generated == 0 ? 0 : (double)Met / Generated;
}

/// <summary>A condition the model could not meet often enough within the draw limit.</summary>
public sealed class ConditionTooRareException : SynthesisException
{
    public ConditionTooRareException(RowConditions conditions, int wanted, long accepted, long generated, IReadOnlyList<string> native)
        : base(Explain(conditions, wanted, accepted, generated, native))
    {
        Accepted = accepted;
        Generated = generated;
    }

    public long Accepted { get; }

    private static string Explain(RowConditions conditions, int wanted, long accepted, long generated, IReadOnlyList<string> native)
    {
        var share = generated == 0 ? 0 : 100.0 * accepted / generated;
        var how = native.Count > 0
            ? $"The model conditioned natively on {string.Join(", ", native)} and filtered for the rest. "
            : "The model could not condition natively on any clause, so it filtered. ";
        return FormattableString.Invariant($"Only {accepted} of {wanted} rows met \"{conditions}\" after drawing {generated:N0} (acceptance {share:0.###}%). ")
            + how + "The condition is too rare for this model: loosen it, ask for fewer rows, or use the copula, which conditions natively on ranges too.";
    }

    public long Generated { get; }
}
