namespace Arcanum.Core.Metrics;

/// <summary>Threshold-free metrics of a score against a binary outcome.</summary>
public static class RankingMetrics
{
    /// <summary>
    /// Area under the ROC curve as the Mann–Whitney statistic: the probability that a random
    /// positive scores above a random negative, ties counting one half (mid-ranks). NaN without
    /// both a positive and a negative.
    /// </summary>
    public static double Auroc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        var n = scores.Length;
        var order = SortedIndices(scores, descending: false);
        double positiveRankSum = 0;
        long positives = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) end++;
            var midRank = (start + end + 2) / 2.0; // ranks are 1-based: (start+1 + end+1)/2
            for (var k = start; k <= end; k++)
            {
                if (positive[order[k]])
                {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        var negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// Average precision as scikit-learn defines it: Σ (R_n − R_{n−1})·P_n over the distinct score
    /// thresholds from high to low, with no interpolation. NaN without a positive.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        var n = scores.Length;
        long totalPositives = 0;
        foreach (var p in positive)
        {
            if (p) totalPositives++;
        }
        if (totalPositives == 0) return double.NaN;

        var order = SortedIndices(scores, descending: true);
        long tp = 0, fp = 0;
        double ap = 0, previousRecall = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) end++;
            for (var k = start; k <= end; k++)
            {
                if (positive[order[k]]) tp++;
                else fp++;
            }
            var recall = (double)tp / totalPositives;
            ap += (recall - previousRecall) * ((double)tp / (tp + fp));
            previousRecall = recall;
            start = end + 1;
        }
        return ap;
    }

    private static int[] SortedIndices(ReadOnlySpan<float> scores, bool descending)
    {
        var keys = scores.ToArray();
        if (descending)
        {
            for (var i = 0; i < keys.Length; i++) keys[i] = -keys[i];
        }
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(keys, order);
        return order;
    }
}
