namespace Arcanum.Deid.Tables;

/// <summary>
/// Which treatment each column of a table gets, read from a YAML policy. Every column of the input must be
/// named, so a column added to an export later cannot slip through unreviewed.
/// </summary>
/// <param name="Source">The policy file, named in every error.</param>
/// <param name="Columns">One entry per column, in the policy's order.</param>
/// <param name="PatientColumn">The column identifying the patient, for per-patient date shifts and free text.</param>
public sealed record TablePolicy(string Source, IReadOnlyList<ColumnPolicy> Columns, string? PatientColumn)
{
    /// <summary>The policy's quasi-identifier columns, in policy order.</summary>
    public IReadOnlyList<string> QuasiIdentifiers =>
        Columns.Where(c => c.QuasiIdentifier).Select(c => c.Name).ToArray();

    public bool Needs(Treatment treatment) => Columns.Any(c => c.Treatment == treatment);

    /// <summary>Whether a pseudonym or date shift is asked for, so the project key is needed.</summary>
    public bool NeedsKey => Needs(Treatment.Pseudonym) || Columns.Any(c => c.Date == DateTreatment.Shift);

    /// <summary>
    /// Checks the policy against the input's header: every header column named, every named column present.
    /// </summary>
    /// <exception cref="DeidInputException">Names the policy file and the columns at fault, never a value.</exception>
    public void CheckAgainst(IReadOnlyList<string> header, string input)
    {
        ArgumentNullException.ThrowIfNull(header);
        var file = Path.GetFileName(input);
        var named = Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = Columns.Select(c => c.Name).Where(n => !header.Contains(n, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
            throw new DeidInputException($"Policy '{Source}' names {Quoted(missing)}, which {file} does not have. "
                + "Check the spelling against the input's header, or remove the entry.");
        var unmentioned = header.Where(h => !named.Contains(h)).ToArray();
        if (unmentioned.Length > 0)
            throw new DeidInputException($"{file} has {unmentioned.Length} column(s) that policy '{Source}' does not "
                + $"mention: {Quoted(unmentioned)}. Nothing was written: give each a treatment (keep, drop, "
                + "pseudonym, zip3, age, date, text) so no column leaves unreviewed.");
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
