using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.Simulation;

/// <summary>
/// Draws cases from a knowledge base: a (band, sex, disease) cell from an alias table, an age in the band, then the
/// disease's findings in gate order. Cases come in chunks of <see cref="ChunkSize"/>, each with its own random
/// stream derived from the seed, so the same seed gives the same cases however many cores run them.
/// </summary>
public sealed class CaseSimulator(CompiledKnowledgeBase kb)
{
    public const int ChunkSize = 4096;

    public CompiledKnowledgeBase KnowledgeBase { get; } = kb;

    /// <exception cref="CasesException">The condition cannot be parsed or met.</exception>
    public CaseBatch Simulate(int count, ulong seed, string? where = null) =>
        Simulate(count, seed, CaseConditions.Parse(KnowledgeBase, where));

    public CaseBatch Simulate(int count, ulong seed, CaseConditions conditions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var cells = new AliasTable(conditions.CellWeights);
        var age = new int[count];
        var sex = new byte[count];
        var disease = new int[count];
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        var parts = new int[chunks][];
        var counts = new int[count];
        Parallel.For(0, chunks, () => new Scratch(KnowledgeBase.FindingCount), (chunk, _, scratch) =>
        {
            var random = new Xoshiro(seed, (ulong)chunk);
            var found = new List<int>(ChunkSize * 16);
            for (var i = chunk * ChunkSize; i < Math.Min(count, (chunk + 1) * ChunkSize); i++)
            {
                var before = found.Count;
                var cell = cells.Sample(ref random);
                var (band, s, d) = KnowledgeBase.Split(cell);
                var ages = conditions.Ages[band];
                age[i] = ages[random.NextInt(ages.Length)];
                sex[i] = (byte)s;
                disease[i] = d;
                DrawFindings(cell, d, conditions, ref random, scratch, found);
                counts[i] = found.Count - before;
                found.Sort(before, found.Count - before, null);
            }
            parts[chunk] = [.. found];
            return scratch;
        }, _ => { });
        var offsets = new int[count + 1];
        for (var i = 0; i < count; i++) offsets[i + 1] = offsets[i] + counts[i];
        var columns = new int[offsets[count]];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(columns, at);
            at += part.Length;
        }
        return new CaseBatch(age, sex, disease, offsets, columns);
    }

    private void DrawFindings(int cell, int d, CaseConditions conditions, ref Xoshiro random, Scratch scratch, List<int> found)
    {
        var kb = KnowledgeBase;
        var f0 = d * kb.FindingCount;
        var constrainedCount = conditions.ConstrainedCount;
        var linked = kb.Linked[d];
        foreach (var f in linked)
        {
            var parent = kb.Parent[f0 + f];
            if (parent >= 0 && !scratch.Present[parent]) continue;
            var r = constrainedCount == 0 ? -1 : conditions.Constrained[f];
            var p = r < 0 ? kb.Present[cell * kb.FindingCount + f] : conditions.Posterior[cell * constrainedCount + r];
            if (!(random.NextDouble() < p)) continue;
            scratch.Present[f] = true;
            var start = kb.ColumnStart[f];
            switch (kb.Findings[f].Type)
            {
                case FindingType.Binary:
                    found.Add(start);
                    break;
                case FindingType.Categorical:
                    found.Add(start + Draw(conditions.ValueCdf(f0 + f) ?? kb.ValueCdf[f0 + f], random.NextDouble()));
                    break;
                default:
                    var q = kb.MultiQ![f0 + f];
                    var required = conditions.RequiredAnswer(f);
                    // Given one answer, the others are the independent choices again (at least one is then met).
                    var first = required >= 0 ? required : Draw(kb.ValueCdf[f0 + f], random.NextDouble());
                    found.Add(start + first);
                    for (var k = required >= 0 ? 0 : first + 1; k < q.Length; k++)
                    {
                        if (k != first && random.NextDouble() < q[k]) found.Add(start + k);
                    }
                    break;
            }
        }
        foreach (var f in linked) scratch.Present[f] = false;
    }

    private static int Draw(double[] cdf, double u)
    {
        var i = Array.BinarySearch(cdf, u);
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, cdf.Length - 1);
    }

    private sealed class Scratch(int findings)
    {
        public bool[] Present { get; } = new bool[findings];
    }
}
