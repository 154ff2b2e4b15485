using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Arcanum.Deid.Tables;

/// <summary>
/// Reads a YAML table policy:
/// <code>
/// patient: pid                        # needed by date shifts and free text
/// quasi_identifiers: [sex]            # optional; same as qi: true on the column
/// columns:
///   pid: pseudonym
///   name: drop
///   age: { treatment: age, qi: true }
///   admitted: { treatment: date, date: shift, format: dd/MM/yyyy }
/// </code>
/// Unknown keys are errors rather than ignored, so a misspelt <c>quasi_identifiers</c> cannot silently leave risk
/// unmeasured. Every error names the policy file and, where it can, the line.
/// </summary>
public static class TablePolicyReader
{
    private static readonly string[] TopKeys = ["patient", "quasi_identifiers", "columns"];
    private static readonly string[] ColumnKeys = ["treatment", "date", "format", "qi"];

    /// <exception cref="DeidInputException">The file is missing or not a valid policy.</exception>
    public static TablePolicy Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new DeidInputException($"Policy file '{path}' does not exist.");
        return Parse(File.ReadAllText(path), path);
    }

    public static TablePolicy Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new DeidInputException($"Policy '{source}' line {e.Start.Line} is not valid YAML: {e.Message}", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new DeidInputException($"Policy '{source}' must be a YAML mapping with a 'columns:' section.");
        var top = Entries(root, source, TopKeys, "at the top level");
        if (!top.TryGetValue("columns", out var columnsNode) || columnsNode is not YamlMappingNode columnsMap)
            throw new DeidInputException(
                $"Policy '{source}' needs a 'columns:' mapping from column name to treatment.");
        var qiList = top.TryGetValue("quasi_identifiers", out var qiNode) ? Names(qiNode, source) : [];
        var columns = columnsMap.Children.Select(e => Column(e.Key, e.Value, source)).ToList();
        var byName = new HashSet<string>(StringComparer.Ordinal);
        // Names are trimmed, so 'a' and 'a ' are one column given two treatments: which one wins must not be a guess.
        foreach (var (key, column) in columnsMap.Children.Select(e => e.Key).Zip(columns))
        {
            if (!byName.Add(column.Name))
                throw new DeidInputException($"{At(source, key)}: the policy names column '{column.Name}' twice.");
        }
        if (qiList.FirstOrDefault(q => !byName.Contains(q)) is { } stray)
            throw new DeidInputException(
                $"Policy '{source}' lists '{stray}' under quasi_identifiers but not under columns.");
        columns = columns.Select(c => qiList.Contains(c.Name) ? c with { QuasiIdentifier = true } : c).ToList();
        var patient = top.TryGetValue("patient", out var p) ? Scalar(p, source, "patient") : null;
        if (patient is not null && !byName.Contains(patient))
            throw new DeidInputException($"Policy '{source}' names patient column '{patient}', which is not under "
                + "columns.");
        var policy = new TablePolicy(source, columns, patient);
        if (patient is null && (policy.Needs(Treatment.Text) || columns.Any(c => c.Date == DateTreatment.Shift)))
            throw new DeidInputException($"Policy '{source}' shifts dates or de-identifies text per patient, so it "
                + "needs 'patient: <column>' naming the column that identifies the patient.");
        return policy;
    }

    private static ColumnPolicy Column(YamlNode key, YamlNode value, string source)
    {
        var name = Scalar(key, source, "a column name");
        if (value is YamlScalarNode)
        {
            var word = Scalar(value, source, $"column '{name}'");
            var treatment = ParseTreatment(word, name, source, value);
            if (treatment == Treatment.Date)
                throw new DeidInputException($"{At(source, value)}: column '{name}' is a date; say which: "
                    + "{ treatment: date, date: year } (Safe Harbor) or { treatment: date, date: shift }.");
            return new ColumnPolicy(name, treatment);
        }
        var entries = Entries(value, source, ColumnKeys, $"for column '{name}'");
        if (!entries.TryGetValue("treatment", out var t))
            throw new DeidInputException($"{At(source, value)}: column '{name}' needs a treatment.");
        var chosen = ParseTreatment(Scalar(t, source, $"column '{name}'"), name, source, t);
        DateTreatment? date = null;
        if (entries.TryGetValue("date", out var d))
        {
            if (chosen != Treatment.Date)
                throw new DeidInputException($"{At(source, d)}: column '{name}' has 'date:' but is not a date column.");
            date = Scalar(d, source, "date") switch
            {
                "year" => DateTreatment.Year,
                "shift" => DateTreatment.Shift,
                _ => throw new DeidInputException($"{At(source, d)}: column '{name}': date is 'year' or 'shift'."),
            };
        }
        if (chosen == Treatment.Date && date is null)
            throw new DeidInputException(
                $"{At(source, value)}: date column '{name}' needs 'date: year' or 'date: shift'.");
        var format = entries.TryGetValue("format", out var f) ? Scalar(f, source, "format") : null;
        if (format is not null && chosen != Treatment.Date)
            throw new DeidInputException($"{At(source, f!)}: column '{name}' has 'format:' but is not a date column.");
        var qi = entries.TryGetValue("qi", out var q) && Scalar(q, source, "qi") switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => throw new DeidInputException($"{At(source, q)}: column '{name}': qi is true or false."),
        };
        return new ColumnPolicy(name, chosen, date, format, qi);
    }

    private static Treatment ParseTreatment(string word, string column, string source, YamlNode node) => word switch
    {
        "keep" => Treatment.Keep,
        "drop" => Treatment.Drop,
        "pseudonym" => Treatment.Pseudonym,
        "zip3" => Treatment.Zip3,
        "age" => Treatment.Age,
        "date" => Treatment.Date,
        "text" => Treatment.Text,
        _ => throw new DeidInputException($"{At(source, node)}: column '{column}' has an unknown treatment; use one "
            + "of keep, drop, pseudonym, zip3, age, date, text."),
    };

    private static Dictionary<string, YamlNode> Entries(YamlNode node, string source, string[] allowed, string where)
    {
        if (node is not YamlMappingNode map)
            throw new DeidInputException($"{At(source, node)}: expected a mapping {where}.");
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var name = Scalar(key, source, "a key");
            if (!allowed.Contains(name))
                throw new DeidInputException($"{At(source, key)}: unknown key '{name}' {where}; the keys are "
                    + $"{string.Join(", ", allowed)}.");
            entries[name] = value;
        }
        return entries;
    }

    private static string[] Names(YamlNode node, string source) => node is YamlSequenceNode list
        ? list.Children.Select(c => Scalar(c, source, "quasi_identifiers")).ToArray()
        : throw new DeidInputException($"{At(source, node)}: quasi_identifiers is a list, e.g. [age, sex, zip].");

    private static string Scalar(YamlNode node, string source, string what) =>
        node is YamlScalarNode { Value: { Length: > 0 } text }
            ? text.Trim()
            : throw new DeidInputException($"{At(source, node)}: {what} must be a single word or name.");

    private static string At(string source, YamlNode node) => $"Policy '{source}' line {node.Start.Line}";
}
