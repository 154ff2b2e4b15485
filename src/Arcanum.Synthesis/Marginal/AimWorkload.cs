namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// AIM's workload and candidates (McKenna et al. 2022, section 4): the workload is every 2-way marginal, and every
/// 3-way one when the table has few enough columns; the candidates are its downward closure (every 1-, 2- and 3-way
/// marginal), each weighted by how much of the workload it covers, w_r = Σ_{s ∈ W} |r ∩ s|.
/// </summary>
internal static class AimWorkload
{
    /// <summary>The candidates over <paramref name="columns"/> columns with their weights, smallest cliques first.</summary>
    public static List<(int[] Clique, double Weight)> Candidates(int columns, bool triples)
    {
        // Each column lies in d − 1 pairs and, with triples, in C(d − 1, 2) triples of the workload, so w_r = |r| times that.
        var perColumn = (columns - 1) + (triples ? (columns - 1) * (columns - 2) / 2 : 0);
        var result = new List<(int[], double)>();
        for (var a = 0; a < columns; a++) result.Add(([a], perColumn));
        for (var a = 0; a < columns; a++)
        {
            for (var b = a + 1; b < columns; b++) result.Add(([a, b], 2.0 * perColumn));
        }
        if (!triples) return result;
        for (var a = 0; a < columns; a++)
        {
            for (var b = a + 1; b < columns; b++)
            {
                for (var c = b + 1; c < columns; c++) result.Add(([a, b, c], 3.0 * perColumn));
            }
        }
        return result;
    }

    /// <summary>‖x − y‖₁.</summary>
    public static double L1(double[] x, double[] y)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++) sum += Math.Abs(x[i] - y[i]);
        return sum;
    }
}
