using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.Simulation;

/// <summary>
/// A validated knowledge base as flat arrays the sampler reads: a "cell" is one (age band, sex, disease) with its
/// probability; per cell and finding the probability of being present once the gate is; per disease and
/// finding the value distributions; one-hot columns in finding order (a binary finding is one column named by its
/// id, each value of another finding one column "id_@_value", as DDXPlus writes evidences).
/// </summary>
public sealed class CompiledKnowledgeBase
{
    public const int Sexes = 2;

    public CompiledKnowledgeBase(KnowledgeBase kb)
    {
        KnowledgeBaseValidator.Validate(kb);
        Source = kb;
        Bands = [.. kb.Population.AgeBands.OrderBy(b => b.Min)];
        Findings = TopologicalOrder(kb.Findings);
        Diseases = kb.Diseases;
        var findingIndex = Findings.Select((f, i) => (f.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        FindingIndex = findingIndex;
        var columns = new List<string>();
        var columnFinding = new List<int>();
        ColumnStart = new int[Findings.Count];
        for (var f = 0; f < Findings.Count; f++)
        {
            ColumnStart[f] = columns.Count;
            var values = Findings[f].Type == FindingType.Binary ? [""] : Findings[f].Values!;
            foreach (var value in values)
            {
                columns.Add(value.Length == 0 ? Findings[f].Id : $"{Findings[f].Id}_@_{value}");
                columnFinding.Add(f);
            }
        }
        Columns = columns;
        ColumnFinding = [.. columnFinding];
        CellWeights = new double[CellCount];
        Present = new double[CellCount * FindingCount];
        Parent = new int[DiseaseCount * FindingCount];
        Linked = new int[DiseaseCount][];
        ValueCdf = new double[DiseaseCount * FindingCount][];
        ValueShare = new double[DiseaseCount * FindingCount][];
        for (var d = 0; d < DiseaseCount; d++) CompileDisease(d, kb.Diseases[d]);
        CompileCellWeights(kb);
    }

    public KnowledgeBase Source { get; }

    /// <summary>Age bands by increasing age.</summary>
    public IReadOnlyList<AgeBand> Bands { get; }

    /// <summary>Findings with every gate before the findings it gates.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    public IReadOnlyList<Disease> Diseases { get; }

    public IReadOnlyDictionary<string, int> FindingIndex { get; }

    /// <summary>One-hot column names, findings in <see cref="Findings"/> order.</summary>
    public IReadOnlyList<string> Columns { get; }

    public int[] ColumnStart { get; }

    public int[] ColumnFinding { get; }

    public int FindingCount => Findings.Count;

    public int DiseaseCount => Diseases.Count;

    public int CellCount => Bands.Count * Sexes * DiseaseCount;

    /// <summary>Probability of each cell among all cases.</summary>
    internal double[] CellWeights { get; }

    /// <summary>[cell * findings + f]: probability present once the (effective) gate is; 0 when not linked.</summary>
    internal double[] Present { get; }

    /// <summary>[disease * findings + f]: the gate in force for this disease, or -1 (none, or the disease lacks it).</summary>
    internal int[] Parent { get; }

    /// <summary>Per disease, its findings in gate order.</summary>
    internal int[][] Linked { get; }

    /// <summary>Categorical: cumulative value shares. Multi: cumulative chance that each value is the first one given.</summary>
    internal double[][] ValueCdf { get; }

    /// <summary>Categorical: each value's share. Multi: each value's chance of being among the answers (given present).</summary>
    internal double[][] ValueShare { get; }

    /// <summary>Multi-choice inclusion probabilities, per [disease * findings + f].</summary>
    internal double[][]? MultiQ { get; private set; }

    public static int Cell(int band, int sex, int disease, int diseases) => (band * Sexes + sex) * diseases + disease;

    public (int Band, int Sex, int Disease) Split(int cell) =>
        (cell / (Sexes * DiseaseCount), cell / DiseaseCount % Sexes, cell % DiseaseCount);

    private void CompileDisease(int d, Disease disease)
    {
        var links = disease.Findings.ToDictionary(l => l.Id, StringComparer.Ordinal);
        Linked[d] = [.. links.Keys.Select(id => FindingIndex[id]).Order()];
        MultiQ ??= new double[DiseaseCount * FindingCount][];
        for (var f = 0; f < FindingCount; f++)
        {
            var gate = Findings[f].Gate;
            Parent[d * FindingCount + f] = gate is not null && links.ContainsKey(gate) ? FindingIndex[gate] : -1;
        }
        foreach (var f in Linked[d])
        {
            var link = links[Findings[f].Id];
            for (var b = 0; b < Bands.Count; b++)
            {
                for (var s = 0; s < Sexes; s++)
                    Present[Cell(b, s, d, DiseaseCount) * FindingCount + f] = Probability(link, Bands[b].Name, s == 0 ? "F" : "M");
            }
            if (Findings[f].Type == FindingType.Binary) continue;
            var values = Findings[f].Values!;
            var share = values.Select(v => link.Values!.TryGetValue(v, out var p) ? p : 0).ToArray();
            var key = d * FindingCount + f;
            ValueShare[key] = share;
            if (Findings[f].Type == FindingType.Categorical)
            {
                ValueCdf[key] = Cumulative(share);
                continue;
            }
            // "At least one answer": the first answer given is value k with chance q_k * prod_{j<k} (1 - q_j),
            // normalised; every later value is then given independently. That is exactly the independent choices
            // conditioned on at least one, without rejection.
            MultiQ[key] = share;
            var first = new double[share.Length];
            var none = 1.0;
            for (var k = 0; k < share.Length; k++)
            {
                first[k] = share[k] * none;
                none *= 1 - share[k];
            }
            ValueCdf[key] = Cumulative(first);
            ValueShare[key] = [.. share.Select(q => none < 1 ? q / (1 - none) : 0)];
        }
    }

    /// <summary>The most specific cell (band and sex, then band, then sex), else P.</summary>
    private static double Probability(DiseaseFinding link, string band, string sex)
    {
        if (link.Cells is not { Count: > 0 } cells) return link.P;
        return (cells.FirstOrDefault(c => c.Band == band && c.Sex == sex)
            ?? cells.FirstOrDefault(c => c.Band == band && c.Sex is null)
            ?? cells.FirstOrDefault(c => c.Band is null && c.Sex == sex))?.P ?? link.P;
    }

    private void CompileCellWeights(KnowledgeBase kb)
    {
        var bandTotal = Bands.Sum(b => b.Weight);
        for (var b = 0; b < Bands.Count; b++)
        {
            for (var s = 0; s < Sexes; s++)
            {
                var sexShare = s == 0 ? kb.Population.Female : 1 - kb.Population.Female;
                var sexName = s == 0 ? "F" : "M";
                var raw = new double[DiseaseCount];
                for (var d = 0; d < DiseaseCount; d++)
                {
                    var disease = Diseases[d];
                    raw[d] = disease.Prevalence
                        * (disease.AgeFactors?.TryGetValue(Bands[b].Name, out var a) == true ? a : 1)
                        * (disease.SexFactors?.TryGetValue(sexName, out var x) == true ? x : 1);
                }
                // Patients of this band and sex are drawn first; the disease follows from the modified prevalences.
                var total = raw.Sum();
                if (total <= 0) continue;
                for (var d = 0; d < DiseaseCount; d++)
                    CellWeights[Cell(b, s, d, DiseaseCount)] = Bands[b].Weight / bandTotal * sexShare * raw[d] / total;
            }
        }
    }

    /// <summary>Cumulative shares of <paramref name="weights"/>, normalised, ending at exactly 1 (uniform when all are 0).</summary>
    internal static double[] Cumulative(double[] weights)
    {
        var total = weights.Sum();
        var cdf = new double[weights.Length];
        double running = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            running += weights[i];
            cdf[i] = total > 0 ? running / total : (i + 1.0) / weights.Length;
        }
        cdf[^1] = 1;
        return cdf;
    }

    private static List<Finding> TopologicalOrder(IReadOnlyList<Finding> findings)
    {
        var byId = findings.ToDictionary(f => f.Id, StringComparer.Ordinal);
        int Depth(Finding f) => f.Gate is null ? 0 : 1 + Depth(byId[f.Gate]);
        // Stable: findings keep their file order within a depth, so columns read like the file.
        return [.. findings.Select((f, i) => (f, i, depth: Depth(f))).OrderBy(x => x.depth).ThenBy(x => x.i).Select(x => x.f)];
    }
}
