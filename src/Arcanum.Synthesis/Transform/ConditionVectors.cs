namespace Arcanum.Synthesis.Transform;

/// <summary>
/// CTGAN's conditional vector: a one-hot over every level (and missing slot) of every categorical column.
/// Training-by-sampling draws a column uniformly, then a level in proportion to log(1 + count) so rare
/// levels are seen often enough, then a real row with that level. Generation draws the level in proportion
/// to its real count instead (so unconditioned samples keep the real frequencies), or from the allowed
/// levels only when a condition names the column. Offsets are per column, so every categorical column's
/// bit lands in its own place (upstream CTGAN wrote every explicit condition at the first column's offset).
/// </summary>
public sealed class ConditionVectors
{
    private readonly int[][][]? _rowsBySlot;
    private readonly double[][] _logPmf;
    private readonly double[][] _counts;

    /// <summary>Counts per slot of every categorical column (what generation needs; no rows).</summary>
    public ConditionVectors(ModeSpecificTransformer transformer, IReadOnlyList<double[]> counts)
        : this(transformer, counts, null)
    {
    }

    private ConditionVectors(ModeSpecificTransformer transformer, IReadOnlyList<double[]> counts, int[][][]? rowsBySlot)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(counts);
        Columns = transformer.Discrete;
        if (counts.Count != Columns.Count) throw new SynthesisException($"The model has counts for {counts.Count} categorical columns, not {Columns.Count}.");
        var offsets = new int[Columns.Count];
        Offsets = offsets;
        _rowsBySlot = rowsBySlot;
        _counts = counts.ToArray();
        _logPmf = new double[Columns.Count][];
        var offset = 0;
        for (var j = 0; j < Columns.Count; j++)
        {
            if (_counts[j].Length != Columns[j].Slots) throw new SynthesisException($"The model's counts for '{Columns[j].Column.Name}' have {_counts[j].Length} slots, not {Columns[j].Slots}.");
            offsets[j] = offset;
            offset += Columns[j].Slots;
            var logs = _counts[j].Select(n => Math.Log(n + 1)).ToArray();
            var total = logs.Sum();
            _logPmf[j] = logs.Select(l => total > 0 ? l / total : 1.0 / logs.Length).ToArray();
        }
        Width = offset;
    }

    /// <summary>From transformed real rows (row-major [rows, transformer.Width]): counts and the rows per slot, for training.</summary>
    public static ConditionVectors FromData(ModeSpecificTransformer transformer, float[] data, int rows)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(data);
        var rowsBySlot = new int[transformer.Discrete.Count][][];
        for (var j = 0; j < rowsBySlot.Length; j++)
        {
            var c = transformer.Discrete[j];
            var lists = Enumerable.Range(0, c.Slots).Select(_ => new List<int>()).ToArray();
            for (var r = 0; r < rows; r++)
            {
                var start = (long)r * transformer.Width + c.SoftmaxStart;
                for (var s = 0; s < c.Slots; s++)
                {
                    if (data[start + s] > 0.5f)
                    {
                        lists[s].Add(r);
                        break;
                    }
                }
            }
            rowsBySlot[j] = lists.Select(l => l.ToArray()).ToArray();
        }
        return new ConditionVectors(transformer, rowsBySlot.Select(c => c.Select(r => (double)r.Length).ToArray()).ToArray(), rowsBySlot);
    }

    /// <summary>Real rows per slot, per categorical column (saved with the model).</summary>
    public IReadOnlyList<double[]> Counts => _counts;

    public IReadOnlyList<ColumnTransform> Columns { get; }

    /// <summary>Where each categorical column's slots start in the vector.</summary>
    public IReadOnlyList<int> Offsets { get; }

    /// <summary>Length of the vector; 0 when the table has no categorical column.</summary>
    public int Width { get; }

    /// <summary>Training-by-sampling: a column uniformly, a slot by log-frequency.</summary>
    public (int Column, int Slot) DrawForTraining(Random random)
    {
        var j = random.Next(Columns.Count);
        return (j, Draw(_logPmf[j], random.NextDouble()));
    }

    /// <summary>For generation: a column uniformly, a slot by real frequency.</summary>
    public (int Column, int Slot) DrawOriginal(Random random)
    {
        var j = random.Next(Columns.Count);
        return (j, DrawAllowed(j, null, random));
    }

    /// <summary>A slot of one column by real frequency among the allowed slots (all when null).</summary>
    public int DrawAllowed(int column, bool[]? allowed, Random random)
    {
        var weights = _counts[column].Select((n, s) => allowed is null || (s < allowed.Length && allowed[s]) ? n : 0).ToArray();
        var total = weights.Sum();
        if (total <= 0) throw new SynthesisException($"No real row of '{Columns[column].Column.Name}' has an allowed level.");
        return Draw(weights.Select(w => w / total).ToArray(), random.NextDouble());
    }

    /// <summary>A real row with the slot, uniformly.</summary>
    public int DrawRow(int column, int slot, Random random)
    {
        var rows = (_rowsBySlot ?? throw new InvalidOperationException("Built from counts: no rows to draw."))[column][slot];
        return rows[random.Next(rows.Length)];
    }

    /// <summary>Rows that have the slot.</summary>
    public IReadOnlyList<int> RowsWith(int column, int slot) => (_rowsBySlot ?? throw new InvalidOperationException("Built from counts: no rows."))[column][slot];

    /// <summary>The slot a transformed row has in a categorical column.</summary>
    public int SlotOf(float[] data, int width, int row, int column)
    {
        var c = Columns[column];
        var start = (long)row * width + c.SoftmaxStart;
        for (var s = 0; s < c.Slots; s++)
        {
            if (data[start + s] > 0.5f) return s;
        }
        return 0;
    }

    /// <summary>The index of a categorical column among <see cref="Columns"/>, by learned index; -1 if not categorical.</summary>
    public int IndexOfLearned(int learnedIndex)
    {
        for (var j = 0; j < Columns.Count; j++)
        {
            if (Columns[j].LearnedIndex == learnedIndex) return j;
        }
        return -1;
    }

    private static int Draw(double[] pmf, double u)
    {
        double cumulative = 0;
        for (var k = 0; k < pmf.Length; k++)
        {
            cumulative += pmf[k];
            if (u < cumulative && pmf[k] > 0) return k;
        }
        for (var k = pmf.Length - 1; k >= 0; k--)
        {
            if (pmf[k] > 0) return k;
        }
        return 0;
    }
}
