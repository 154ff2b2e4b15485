using Arcanum.Data.Tables;

namespace Arcanum.Risk.Anonymization;

/// <summary>
/// Globally optimal full-domain generalisation, as ARX does it: Flash finds which transformations of the lattice are
/// anonymous (k-anonymity, optional distinct l-diversity, at most the allowed share of records suppressed); among
/// them the one with the lowest ARX Loss wins (ties: fewer suppressed, then lower in the lattice, then the earlier
/// column generalised less). Loss with suppression is not monotone, so every anonymous node is a candidate; its
/// generalisation-only loss is a lower bound, so candidates are scored in bound order until none can win.
/// </summary>
public static class Anonymizer
{
    private const double Tie = 1e-12;

    /// <param name="table">The table to anonymise (quasi-identifiers read as text, see
    /// <see cref="ReleaseTables"/>).</param>
    /// <param name="hierarchies">One per quasi-identifier, in the options' order.</param>
    /// <param name="options">The privacy model and suppression limit.</param>
    /// <exception cref="RiskInputException">Bad settings, a hierarchy that does not fit the data, or no
    /// transformation is anonymous.</exception>
    public static AnonymizationResult Run(
        DataTable table, IReadOnlyList<Hierarchy> hierarchies, AnonymizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(hierarchies);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (table.RowCount == 0) throw new RiskInputException("The table has no records; there is nothing to release.");
        if (hierarchies.Count != options.QuasiIdentifiers.Count ||
            hierarchies.Where((h, i) => h.Column != options.QuasiIdentifiers[i]).Any())
            throw new RiskInputException("Give one hierarchy per quasi-identifier, in the same order.");
        var data = EncodedData.Encode(table, hierarchies, options.L is null ? null : options.Sensitive);
        var lattice = new Lattice(hierarchies.Select(h => h.Height).ToArray());
        var k = options.EffectiveK;
        var allowed = (int)Math.Floor(options.SuppressionLimit * table.RowCount + 1e-9);
        // Roll-up covers k (and the risk limit); l-diversity needs each record's sensitive value.
        var rollup = options.L is null && RollupChecker.Fits(data) ? new RollupChecker(data, lattice, k) : null;
        var (anonymous, checks) = FlashSearch.Run(lattice, node => (rollup is null
            ? Grouping.Of(data, lattice.Levels(node), k, options.L).Outliers
            : rollup.Outliers(node)) <= allowed);
        var candidates = Enumerable.Range(0, lattice.Count).Where(n => anonymous[n]).ToArray();
        if (candidates.Length == 0)
            throw new RiskInputException($"No transformation makes the table {k}-anonymous" +
                (options.L is { } l ? $" and {l}-diverse" : "") + $" with at most {allowed} records suppressed; " +
                "allow more suppression or use hierarchies that generalise further.");

        var utility = new UtilityModel(data);
        var ordered = candidates.Select(n => (Node: n, Bound: utility.LossBound(lattice.Levels(n))))
            .OrderBy(c => c.Bound).ThenBy(c => lattice.Height(c.Node)).ThenBy(c => c.Node).ToArray();
        (int Node, UtilityReport Utility, Grouping Grouping)? best = null;
        var scored = 0;
        foreach (var (node, bound) in ordered)
        {
            if (best is { } b && bound > b.Utility.Loss + Tie) break;
            var levels = lattice.Levels(node);
            var grouping = Grouping.Of(data, levels, k, options.L);
            var report = utility.Measure(levels, grouping);
            scored++;
            if (best is null || Better(report, grouping, node, best.Value, lattice)) best = (node, report, grouping);
        }
        var chosen = best!.Value;
        return Result(table, data, lattice.Levels(chosen.Node), chosen.Grouping, chosen.Utility, options,
            new SearchStatistics(lattice.Count, checks, candidates.Length, scored));
    }

    private static bool Better(UtilityReport report, Grouping grouping, int node,
        (int Node, UtilityReport Utility, Grouping Grouping) best, Lattice lattice)
    {
        if (Math.Abs(report.Loss - best.Utility.Loss) > Tie) return report.Loss < best.Utility.Loss;
        if (grouping.Outliers != best.Grouping.Outliers) return grouping.Outliers < best.Grouping.Outliers;
        if (lattice.Height(node) != lattice.Height(best.Node)) return lattice.Height(node) < lattice.Height(best.Node);
        return node < best.Node;
    }

    private static AnonymizationResult Result(DataTable table, EncodedData data, int[] levels, Grouping grouping,
        UtilityReport utility, AnonymizationOptions options, SearchStatistics search)
    {
        var generalised = new Dictionary<string, Column>(StringComparer.Ordinal);
        for (var d = 0; d < data.Dimensions; d++)
        {
            var h = data.Hierarchies[d];
            var values = new string?[data.Rows];
            for (var row = 0; row < data.Rows; row++)
            {
                values[row] = grouping.IsSuppressed(row)
                    ? "*"
                    : h.Generalize(data.HierarchyRow[d][data.Leaf[d][row]], levels[d]);
            }
            generalised[h.Column] = new IdentifierColumn(h.Column, values);
        }
        // Suppressed records are left out, not released with '*': fewer than k of them would form a class of their
        // own, which anyone who knows an outlier is in the table could pick out, sensitive values and all.
        var kept = Enumerable.Range(0, data.Rows).Where(r => !grouping.IsSuppressed(r)).ToArray();
        var output = new DataTable(
            table.Columns.Select(c => generalised.GetValueOrDefault(c.Name) ?? c).ToArray(), table.Source).Select(kept);
        var keptSizes = grouping.Sizes.Where((_, c) => !grouping.Violates[c]).ToArray();
        var risk = kept.Length == 0 ? null : RiskAssessment.Measure(
            output, new RiskOptions { QuasiIdentifiers = options.QuasiIdentifiers });
        return new AnonymizationResult
        {
            Output = output,
            Transformation = data.Hierarchies
                .Select((h, d) => new TransformationLevel(h.Column, levels[d], h.Height, h.Source)).ToArray(),
            Records = data.Rows,
            Classes = keptSizes.Length,
            K = keptSizes.Length == 0 ? 0 : keptSizes.Min(),
            Suppressed = grouping.Outliers,
            Utility = utility,
            Risk = risk,
            Search = search,
        };
    }
}
