namespace Arcanum.Synthesis.Evaluation;

/// <summary>ROC summaries of a score against a yes/no truth, in double precision, ties handled exactly.</summary>
internal static class Roc
{
    /// <summary>
    /// AUROC as the Mann–Whitney statistic (the chance a random positive outscores a random negative, ties
    /// counting half) and the largest TPR − FPR over all thresholds (0 when no threshold beats chance).
    /// NaN for both without a positive and a negative.
    /// </summary>
    public static (double Auroc, double Advantage) Summarise(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(positive);
        if (scores.Count != positive.Count) throw new ArgumentException($"{scores.Count} scores but {positive.Count} labels.", nameof(positive));
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        long positives = positive.Count(p => p), negatives = scores.Count - positives;
        if (positives == 0 || negatives == 0) return (double.NaN, double.NaN);

        // Walk thresholds from high to low, one group of tied scores at a time.
        double area = 0, advantage = 0;
        long tp = 0, fp = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            long groupTp = 0, groupFp = 0;
            while (end < order.Length && scores[order[end]].Equals(scores[order[start]]))
            {
                if (positive[order[end]]) groupTp++;
                else groupFp++;
                end++;
            }
            // Trapezoid over the group = positives above count fully, ties count half.
            area += groupFp * (tp + groupTp / 2.0);
            tp += groupTp;
            fp += groupFp;
            advantage = Math.Max(advantage, (double)tp / positives - (double)fp / negatives);
            start = end;
        }
        return (area / ((double)positives * negatives), advantage);
    }
}
