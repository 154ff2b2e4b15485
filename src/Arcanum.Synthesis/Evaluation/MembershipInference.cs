using Arcanum.Data.Encoding;
using Arcanum.Data.Synthetic;
using Arcanum.Data.Tables;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// The attack of <see cref="MembershipInferenceResult"/>: rows are encoded with a <see cref="FeatureEncoder"/>
/// fitted on the training table; the attack score of a record is minus its Euclidean distance to the closest synthetic row.
/// </summary>
internal static class MembershipInference
{
    public static MembershipInferenceResult Run(DataTable train, DataTable holdout, DataTable synthetic, IReadOnlyList<string> columns, int seed)
    {
        var notes = new List<string>();
        var size = Math.Min(train.RowCount, holdout.RowCount);
        var members = Subsample(train, size, seed, "training", notes);
        var nonMembers = Subsample(holdout, size, seed + 1, "holdout", notes);
        var encoder = FeatureEncoder.Fit(train, columns);
        var width = encoder.FeatureCount;
        var references = encoder.Encode(synthetic);
        var (toMembers, _) = NearestNeighbours.Find(encoder.Encode(members), references, width);
        var (toNonMembers, _) = NearestNeighbours.Find(encoder.Encode(nonMembers), references, width);
        var scores = toMembers.Concat(toNonMembers).Select(d => -d).ToArray();
        var isMember = Enumerable.Range(0, scores.Length).Select(i => i < toMembers.Length).ToArray();
        var (auroc, advantage) = Roc.Summarise(scores, isMember);
        return new MembershipInferenceResult(auroc, advantage, members.RowCount, nonMembers.RowCount, notes);
    }

    private static DataTable Subsample(DataTable table, int size, int seed, string name, List<string> notes)
    {
        if (table.RowCount == size) return table;
        var rows = Enumerable.Range(0, table.RowCount).ToArray();
        new Random(seed).Shuffle(rows);
        var kept = rows[..size];
        Array.Sort(kept);
        notes.Add($"The attack uses {size} of the {table.RowCount} {name} rows (seed {seed}) so members and non-members are equally many.");
        return table.Select(kept);
    }
}
