using System.Text;

namespace Arcanum.Deid.Tables;

/// <summary>
/// Writes a suggested policy as YAML that <see cref="TablePolicyReader"/> reads back, with a comment on each column
/// saying why its treatment was chosen. Column names are always quoted, so any header survives the round trip.
/// </summary>
public static class PolicyYamlWriter
{
    public static string Write(string input, IReadOnlyList<SuggestedColumn> columns, string? patient)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var y = new StringBuilder();
        y.Append("# Table de-identification policy suggested by `arcanum deid table --suggest` from ")
            .Append(Path.GetFileName(input).Replace('\n', ' ')).Append(".\n")
            .Append("# Review every line before use: the suggestion reads column names and a sample of values,\n")
            .Append("# not their meaning. Treatments: keep, drop, pseudonym, zip3, age, date (year | shift), text.\n")
            .Append("# qi: true marks a quasi-identifier (a column an attacker could know): risk is measured on\n")
            .Append("# them.\n");
        if (patient is not null)
            y.Append("\n# The column identifying the patient: keys date shifts and free text per patient.\n")
                .Append("patient: ").Append(Quote(patient)).Append('\n');
        y.Append("\ncolumns:\n");
        foreach (var (policy, reason) in columns)
        {
            y.Append("  # ").Append(reason.Replace('\n', ' ')).Append('\n');
            y.Append("  ").Append(Quote(policy.Name)).Append(": ");
            var simple = policy.Treatment != Treatment.Date && !policy.QuasiIdentifier;
            if (simple)
            {
                y.Append(policy.Treatment.ToString().ToLowerInvariant()).Append('\n');
                continue;
            }
            y.Append("{ treatment: ").Append(policy.Treatment.ToString().ToLowerInvariant());
            if (policy.Date is { } date) y.Append(", date: ").Append(date.ToString().ToLowerInvariant());
            if (policy.QuasiIdentifier) y.Append(", qi: true");
            y.Append(" }\n");
        }
        return y.ToString();
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    internal static string Quote(string name)
    {
        var q = new StringBuilder("\"");
        foreach (var c in name)
        {
            if (c is '"' or '\\') q.Append('\\').Append(c);
            else if (char.IsControl(c)) q.Append($"\\u{(int)c:X4}");
            else q.Append(c);
        }
        return q.Append('"').ToString();
    }
}
