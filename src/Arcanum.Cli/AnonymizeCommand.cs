using System.CommandLine;
using System.Globalization;
using System.Text;
using Arcanum.Data;
using Arcanum.Data.Tables;
using Arcanum.Risk;
using Arcanum.Risk.Anonymization;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum anonymize</c>: the optimal full-domain generalisation of a table (ARX's Flash search and Loss metric)
/// under k-anonymity, optional l-diversity and a highest-risk limit, with record suppression. Writes the release and
/// anonymize.json beside it, both under temporary names first, so an error leaves nothing behind.
/// </summary>
internal static class AnonymizeCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var input = Required<FileInfo>("--in", "The table to anonymise: a CSV file with a header.");
        var qi = Required<string>("--qi", "Comma-separated quasi-identifiers to generalise, e.g. age,sex,zip.");
        var folder = new Option<DirectoryInfo?>("--hierarchies")
        {
            Description = "Folder of ARX hierarchy files (value;level1;level2;...): COLUMN.csv or *_hierarchy_COLUMN.csv.",
        };
        var pairs = Many("--hierarchy", "COLUMN=PATH: the hierarchy file for one column (overrides --hierarchies).");
        var interval = Many("--interval", "COLUMN=W1,W2,...: generated interval hierarchy for whole numbers, e.g. age=5,10,20.");
        var zip = Many("--zip", "COLUMN: generated ZIP hierarchy masking one more trailing digit per level.");
        var date = Many("--date", "COLUMN: generated date hierarchy for yyyy-MM-dd: day, month, year, *.");
        var k = new Option<int>("--k") { Description = "Smallest class size (k-anonymity).", DefaultValueFactory = _ => 2 };
        var l = new Option<int?>("--l") { Description = "Distinct l-diversity of --sensitive in every class." };
        var sensitive = new Option<string?>("--sensitive") { Description = "The sensitive column for --l." };
        var maxRisk = new Option<double?>("--max-risk") { Description = "Highest prosecutor risk allowed, e.g. 0.2 (k ≥ 5)." };
        var suppression = new Option<double>("--suppression")
        {
            Description = "Largest share of records that may be suppressed, e.g. 0.05 (default 0).",
        };
        var keep = new Option<string?>("--keep")
        {
            Description = "Comma-separated columns that are neither identifying nor quasi-identifying, written as they are.",
        };
        var drop = new Option<string?>("--drop") { Description = "Comma-separated columns to leave out (names, ids, ...)." };
        var output = Required<FileInfo>("--out", "The anonymised CSV to write; anonymize.json goes beside it.");
        var command = new Command("anonymize", "Generalise quasi-identifiers (and suppress a few records) to the " +
            "transformation that loses least information while meeting k-anonymity, l-diversity and a risk limit.")
        {
            input, qi, folder, pairs, interval, zip, date, k, l, sensitive, maxRisk, suppression, keep, drop, output,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var options = new AnonymizationOptions
            {
                QuasiIdentifiers = (parse.GetValue(qi) ?? "").Split(',', StringSplitOptions.TrimEntries),
                K = parse.GetValue(k), L = parse.GetValue(l), Sensitive = parse.GetValue(sensitive),
                MaxRisk = parse.GetValue(maxRisk), SuppressionLimit = parse.GetValue(suppression),
            };
            options.Validate();
            var outPath = parse.GetValue(output)!.FullName;
            var jsonPath = Path.Combine(Path.GetDirectoryName(outPath)!, "anonymize.json");
            if (!Directory.Exists(Path.GetDirectoryName(outPath)))
                throw new RiskInputException($"The folder of --out '{outPath}' does not exist.");
            var inPath = parse.GetValue(input)!.FullName;
            if (inPath == outPath || inPath == jsonPath)
                throw new RiskInputException("The release or anonymize.json would replace the input table; choose "
                    + "another --out folder or name.");
            var table = ReleaseTables.Read(inPath, options.QuasiIdentifiers);
            var written = WrittenColumns(table.Columns.Select(c => c.Name).ToList(), options, List(parse.GetValue(keep)),
                List(parse.GetValue(drop)));
            // The written columns as they are ("1.50" stays "1.50"): read again with them all as text.
            var all = ReleaseTables.Read(inPath, written);
            table = new DataTable(written.Select(c => all[c]).ToList(), all.Source);
            var hierarchies = HierarchyOptions.Resolve(table, options.QuasiIdentifiers, parse.GetValue(folder),
                parse.GetValue(pairs) ?? [], parse.GetValue(interval) ?? [], parse.GetValue(zip) ?? [],
                parse.GetValue(date) ?? []);
            var result = Anonymizer.Run(table, hierarchies, options);
            Write(outPath, jsonPath, result, AnonymizationJson.Render(result, options, Path.GetFileName(inPath)));
            Summarise(console, result, outPath, jsonPath);
        }, e => e is RiskInputException or DataFormatException or FileNotFoundException or ArgumentException));
        return command;
    }

    private static string[] List(string? names) =>
        names is null ? [] : names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The columns the release keeps, in the input's order. Like ARX, every column must be classified: a column that
    /// is neither a quasi-identifier, the sensitive column, kept nor dropped is refused, naming it, because copying it
    /// unchanged (a name, an MRN) would make the k the release reports meaningless.
    /// </summary>
    private static string[] WrittenColumns(IReadOnlyList<string> columns, AnonymizationOptions options, string[] keep,
        string[] drop)
    {
        var named = options.QuasiIdentifiers.Concat(keep).Concat(drop)
            .Concat(options.Sensitive is { } s ? [s] : []).ToList();
        if (named.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new RiskInputException($"Column '{twice.Key}' is named more than once among --qi, --sensitive, --keep "
                + "and --drop; give each column one role.");
        if (keep.Concat(drop).FirstOrDefault(c => !columns.Contains(c, StringComparer.Ordinal)) is { } absent)
            throw new RiskInputException($"--keep/--drop name column '{absent}', which the table does not have.");
        var unclassified = columns.Where(c => !named.Contains(c, StringComparer.Ordinal)).ToList();
        if (unclassified.Count > 0)
            throw new RiskInputException($"Column(s) {string.Join(", ", unclassified.Select(c => $"'{c}'"))} are not "
                + "quasi-identifiers; name each in --keep (written as it is) or --drop (left out), so that no "
                + "identifier is copied into the release unchanged.");
        return columns.Where(c => !drop.Contains(c, StringComparer.Ordinal)).ToArray();
    }

    private static Option<T> Required<T>(string name, string description) =>
        new(name) { Description = description, Required = true };

    private static Option<string[]> Many(string name, string description) =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.ZeroOrMore };

    private static void Write(string csvPath, string jsonPath, AnonymizationResult result, string json)
    {
        var csvTemp = csvPath + ".tmp";
        var jsonTemp = jsonPath + ".tmp";
        try
        {
            using (var writer = new StreamWriter(csvTemp, false, new UTF8Encoding(false)))
                CsvTableWriter.Write(writer, result.Output);
            File.WriteAllText(jsonTemp, json);
            File.Move(csvTemp, csvPath, overwrite: true);
            File.Move(jsonTemp, jsonPath, overwrite: true);
        }
        finally
        {
            File.Delete(csvTemp);
            File.Delete(jsonTemp);
        }
    }

    private static void Summarise(IAnsiConsole console, AnonymizationResult result, string csvPath, string jsonPath)
    {
        var table = new Table().AddColumns("measure", "value");
        void Add(string measure, FormattableString value) =>
            table.AddRow(Markup.Escape(measure), Markup.Escape(value.ToString(CultureInfo.InvariantCulture)));
        foreach (var t in result.Transformation)
            Add($"{t.Column} level", $"{t.Level} of {t.Height - 1} ({t.Hierarchy})");
        Add("records / classes / k", $"{result.Records:N0} / {result.Classes:N0} / {result.K}");
        Add("suppressed records", $"{result.Suppressed:N0} ({result.Suppressed / (double)result.Records:0.0%})");
        var u = result.Utility;
        Add("loss / precision", $"{u.Loss:0.####} / {u.Precision:0.####}");
        Add("discernibility / non-uniform entropy", $"{u.Discernibility:N0} / {u.NonUniformEntropy:N0} bits");
        var s = result.Search;
        Add("lattice: checked / anonymous / scored", $"{s.Checked} / {s.Anonymous} / {s.Scored} of {s.Transformations}");
        if (result.Risk is { } risk)
        {
            Add("prosecutor risk: highest / average", $"{risk.Prosecutor.Highest:0.###} / {risk.Prosecutor.Average:0.####}");
            console.Write(table);
            console.MarkupLine(Markup.Escape(risk.Verdict.Summary));
        }
        else console.Write(table);
        console.MarkupLine($"Wrote {Markup.Escape(csvPath)} and {Markup.Escape(jsonPath)}.");
    }
}
