using Arcanum.Data.Encoding;
using Arcanum.Data.Tables;

namespace Arcanum.Data.Synthetic;

/// <summary>
/// Distance-based privacy checks of a synthetic table against the training table its generator saw and a
/// holdout it did not (Platzer &amp; Reutterer 2021; DCR, NNDR, exact copies). Rows become vectors with a
/// <see cref="FeatureEncoder"/> fitted on the training table only: standardised numbers, one-hot categories.
/// Nearest neighbours are brute force: O((|synthetic| + |holdout|) · |train| · features) time.
/// </summary>
public static class PrivacyDistances
{
    /// <summary>Seed of the subsample that makes train and holdout the same size for the closer-to-train share.</summary>
    public const int SubsampleSeed = 20240917;

    /// <exception cref="ArgumentException">No columns, a column missing from or an identifier in any table, a type mismatch, or a table with too few rows (train needs 2 for NNDR).</exception>
    public static PrivacyReport Compute(DataTable train, DataTable holdout, DataTable synthetic, IReadOnlyList<string> columns)
    {
        Validate(train, holdout, synthetic, columns);
        var encoder = FeatureEncoder.Fit(train, columns);
        var width = encoder.FeatureCount;
        if (width == 0) throw new ArgumentException($"The columns {string.Join(", ", columns)} give no features on the training table (all values missing?).", nameof(columns));
        var trainVectors = encoder.Encode(train);
        var syntheticVectors = encoder.Encode(synthetic);

        var (toTrain, secondToTrain) = NearestNeighbours.Find(syntheticVectors, trainVectors, width);
        var (holdoutToTrain, _) = NearestNeighbours.Find(encoder.Encode(holdout), trainVectors, width);
        var ratios = toTrain.Select((d, i) => secondToTrain[i] > 0 ? d / secondToTrain[i] : 0).ToArray();

        var notes = new List<string>();
        var size = Math.Min(train.RowCount, holdout.RowCount);
        var comparedTrain = Subsample(train, size, "train", notes);
        var comparedHoldout = Subsample(holdout, size, "holdout", notes);
        var nearTrain = ReferenceEquals(comparedTrain, train) ? toTrain : NearestNeighbours.Find(syntheticVectors, encoder.Encode(comparedTrain), width).First;
        var (nearHoldout, _) = NearestNeighbours.Find(syntheticVectors, encoder.Encode(comparedHoldout), width);
        double closer = 0;
        for (var i = 0; i < nearTrain.Length; i++)
        {
            if (nearTrain[i] < nearHoldout[i]) closer += 1;
            else if (nearTrain[i] == nearHoldout[i]) closer += 0.5;
        }

        return new PrivacyReport(
            Percentiles.Of(toTrain),
            Percentiles.Of(holdoutToTrain),
            closer / synthetic.RowCount,
            Percentiles.Of(ratios),
            CountExactCopies(train, synthetic, columns),
            synthetic.RowCount,
            size,
            notes)
        {
            SyntheticToTrainDistances = toTrain,
            HoldoutToTrainDistances = holdoutToTrain,
        };
    }

    private static DataTable Subsample(DataTable table, int size, string name, List<string> notes)
    {
        if (table.RowCount == size) return table;
        var rows = Enumerable.Range(0, table.RowCount).ToArray();
        new Random(SubsampleSeed).Shuffle(rows);
        notes.Add($"The {name} table ({table.RowCount} rows) was subsampled to {size} rows (seed {SubsampleSeed}) so train and holdout are the same size for the closer-to-train share; DCR and NNDR use all training rows.");
        return table.Select(rows[..size]);
    }

    /// <summary>Compares raw cell text, so 2 and 2.0 match but an encoded near-miss does not.</summary>
    private static int CountExactCopies(DataTable train, DataTable synthetic, IReadOnlyList<string> columns)
    {
        var trainRows = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < train.RowCount; r++) trainRows.Add(RowKey(train, columns, r));
        var copies = 0;
        for (var r = 0; r < synthetic.RowCount; r++)
        {
            if (trainRows.Contains(RowKey(synthetic, columns, r))) copies++;
        }
        return copies;
    }

    private static string RowKey(DataTable table, IReadOnlyList<string> columns, int row) =>
        string.Join('\u001f', columns.Select(c => table[c].RawValue(row) ?? "\0"));

    private static void Validate(DataTable train, DataTable holdout, DataTable synthetic, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("Name at least one column to compare rows on.", nameof(columns));
        if (train.RowCount < 2) throw new ArgumentException($"The training table has {train.RowCount} rows; privacy distances need at least 2 (NNDR uses the two nearest).", nameof(train));
        if (holdout.RowCount == 0) throw new ArgumentException("The holdout table has no rows.", nameof(holdout));
        if (synthetic.RowCount == 0) throw new ArgumentException("The synthetic table has no rows.", nameof(synthetic));
        foreach (var name in columns)
        {
            foreach (var (table, label) in new[] { (train, "training"), (holdout, "holdout"), (synthetic, "synthetic") })
            {
                if (!table.Contains(name))
                    throw new ArgumentException($"The {label} table has no column '{name}'. Its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.", nameof(columns));
                var column = table[name];
                if (column.Type == ColumnType.Identifier)
                    throw new ArgumentException($"Column '{name}' is an identifier in the {label} table; identifiers are never compared.", nameof(columns));
                if (column.GetType() != train[name].GetType())
                    throw new ArgumentException($"Column '{name}' is {column.Type} in the {label} table but {train[name].Type} in the training table.", nameof(columns));
            }
        }
    }
}
