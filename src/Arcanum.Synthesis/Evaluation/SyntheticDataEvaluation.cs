using System.Globalization;
using Arcanum.Data.Synthetic;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Evaluation.Classifiers;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// Evaluates a synthetic table against the real rows its generator was trained on and real rows it never
/// saw: fidelity (<see cref="Data.Synthetic.Fidelity"/>), utility (train on synthetic, test on real, with
/// logistic regression and a random forest) and privacy (<see cref="PrivacyDistances"/> and a
/// membership-inference attack), each with a verdict. Deterministic for a given <see cref="EvaluationOptions.Seed"/>.
/// </summary>
public static class SyntheticDataEvaluation
{
    /// <param name="train">The real rows the generator was trained on.</param>
    /// <param name="holdout">Real rows from the same source the generator never saw.</param>
    /// <param name="synthetic">The generated rows, read with the real table's column types.</param>
    /// <param name="options">The target and settings.</param>
    /// <exception cref="ArgumentException">
    /// Empty tables, a target that is missing, an identifier or has one class, columns that differ between
    /// the tables (the message lists them) or a column typed differently in two tables.
    /// </exception>
    public static EvaluationResult Evaluate(DataTable train, DataTable holdout, DataTable synthetic, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var columns = Validate(train, holdout, synthetic, options.Target);
        var features = columns.Where(c => c != options.Target).ToArray();
        var notes = new List<string>();

        var distances = Data.Synthetic.Fidelity.ColumnDistances(train, synthetic);
        var pairs = Data.Synthetic.Fidelity.PairwiseDifferences(train, synthetic);
        var marginals = columns.Select(c => Marginals.Compute(train[c], synthetic[c])).ToArray();
        var fidelity = new FidelityResult(Data.Synthetic.Fidelity.Score(distances, pairs), distances, pairs, marginals);

        IClassifier[] classifiers = [new LogisticRegression(), new RandomForest(options.Trees, options.MaxTreeDepth, options.Seed)];
        var utility = UtilityEvaluation.Run(train, holdout, synthetic, features, options, classifiers);

        var distanceTrain = Cap(train, "training", options, 0, notes);
        var distanceHoldout = Cap(holdout, "holdout", options, 1, notes);
        var distanceSynthetic = Cap(synthetic, "synthetic", options, 2, notes);
        var privacy = PrivacyDistances.Compute(distanceTrain, distanceHoldout, distanceSynthetic, columns);
        var attack = MembershipInference.Run(distanceTrain, distanceHoldout, distanceSynthetic, columns, options.Seed);

        var inputs = new EvaluationInputs(
            train.RowCount, holdout.RowCount, synthetic.RowCount, columns, features,
            train.Columns.Where(c => c.Type == ColumnType.Identifier).Select(c => c.Name).ToArray(),
            options.Target, options.Positive, options.Seed,
            (distanceTrain.RowCount, distanceHoldout.RowCount, distanceSynthetic.RowCount));
        return new EvaluationResult(inputs, fidelity, utility, privacy, attack, Verdicts.From(fidelity, utility, privacy, attack), notes);
    }

    /// <summary>
    /// Null when <paramref name="otherColumns"/> has the columns the real table has, else one sentence listing
    /// what is missing and what is extra. Columns in <paramref name="optionalColumns"/> (the real table's
    /// identifiers, which a generator usually drops) may be absent.
    /// </summary>
    public static string? DescribeColumnMismatch(IEnumerable<string> realColumns, IEnumerable<string> otherColumns, string otherName, IEnumerable<string>? optionalColumns = null)
    {
        ArgumentNullException.ThrowIfNull(realColumns);
        ArgumentNullException.ThrowIfNull(otherColumns);
        var real = realColumns.ToList();
        var other = otherColumns.ToList();
        var optional = new HashSet<string>(optionalColumns ?? [], StringComparer.Ordinal);
        var missing = real.Where(c => !optional.Contains(c) && !other.Contains(c, StringComparer.Ordinal)).ToList();
        var extra = other.Where(c => !real.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count == 0 && extra.Count == 0) return null;
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"lacks {List(missing)}");
        if (extra.Count > 0) parts.Add($"has {List(extra)}, which the real table does not");
        return $"The {otherName} table's columns differ from the real table's: it {string.Join(" and ", parts)}.";
    }

    private static string List(IReadOnlyList<string> names) =>
        (names.Count == 1 ? "column " : "columns ") + string.Join(", ", names.Take(20).Select(n => $"'{n}'")) + (names.Count > 20 ? $" and {names.Count - 20} more" : "");

    private static string[] Validate(DataTable train, DataTable holdout, DataTable synthetic, string target)
    {
        if (train.RowCount < 2) throw new ArgumentException($"The real training table has {train.RowCount} rows; the evaluation needs at least 2.");
        if (holdout.RowCount == 0) throw new ArgumentException("The holdout table has no rows.");
        if (synthetic.RowCount == 0) throw new ArgumentException("The synthetic table has no rows.");
        if (!train.Contains(target))
            throw new ArgumentException($"Target '{target}' is not a column of the real table. Columns: {string.Join(", ", train.Columns.Select(c => c.Name))}.");
        if (train[target].Type == ColumnType.Identifier)
            throw new ArgumentException($"Target '{target}' is an identifier column (unique per row); pick a column with classes.");
        var identifiers = train.Columns.Where(c => c.Type == ColumnType.Identifier).Select(c => c.Name).ToArray();
        var columns = train.Columns.Where(c => c.Type != ColumnType.Identifier).Select(c => c.Name).ToArray();
        foreach (var (table, name) in new[] { (holdout, "holdout"), (synthetic, "synthetic") })
        {
            if (DescribeColumnMismatch(train.Columns.Select(c => c.Name), table.Columns.Select(c => c.Name), name, identifiers) is { } mismatch)
                throw new ArgumentException(mismatch);
            foreach (var column in columns)
            {
                var theirs = table[column];
                if (theirs.GetType() != train[column].GetType())
                    throw new ArgumentException($"Column '{column}' is {train[column].Type} in the real table but {theirs.Type} in the {name} table; read both with the real table's column types.");
            }
        }
        if (columns.Length < 2)
            throw new ArgumentException($"The tables have no column besides the target '{target}' (identifiers are never used); there is nothing to predict it from.");
        return columns;
    }

    /// <summary>The table, or a seeded subsample of <see cref="EvaluationOptions.MaxDistanceRows"/> rows (kept in file order) with a note.</summary>
    private static DataTable Cap(DataTable table, string name, EvaluationOptions options, int salt, List<string> notes)
    {
        if (table.RowCount <= options.MaxDistanceRows) return table;
        var rows = Enumerable.Range(0, table.RowCount).ToArray();
        new Random(unchecked(options.Seed + 101 * (salt + 1))).Shuffle(rows);
        var kept = rows[..options.MaxDistanceRows];
        Array.Sort(kept);
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"The distance checks (DCR, NNDR, membership inference) used {options.MaxDistanceRows} of the {table.RowCount} {name} rows, drawn at random (seed {options.Seed}); they are brute force and grow with the square of the rows. Fidelity and utility used every row."));
        return table.Select(kept);
    }
}
