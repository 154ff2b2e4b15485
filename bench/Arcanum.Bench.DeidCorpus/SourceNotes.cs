namespace Arcanum.Bench.DeidCorpus;

/// <summary>
/// Reads the public synthetic notes under <c>clinical_text</c>: every ACI-Bench visit note (joined to its metadata
/// for the patient's and doctor's names) and MTS-Dialog note sections of at least
/// <see cref="MinimumSectionLength"/> characters. Files are read in name order so a seed gives the same corpus.
/// </summary>
internal static class SourceNotes
{
    public const int MinimumSectionLength = 300;

    public static IReadOnlyList<SourceNote> Read(string folder)
    {
        var aci = Path.Combine(folder, "aci-bench");
        var mts = Path.Combine(folder, "mts-dialog");
        if (!Directory.Exists(aci) || !Directory.Exists(mts))
            throw new DirectoryNotFoundException(
                $"'{folder}' needs aci-bench/ and mts-dialog/ (see its PROVENANCE.md).");
        var notes = new List<SourceNote>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(aci, "*.csv").Where(f => !f.EndsWith("_metadata.csv",
                     StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var metadata = Rows(file[..^4] + "_metadata.csv")
                .ToDictionary(r => r["encounter_id"], StringComparer.Ordinal);
            foreach (var row in Rows(file))
            {
                var encounter = row["encounter_id"];
                if (!seen.Add("aci-" + encounter)) continue;
                var meta = metadata.GetValueOrDefault(encounter);
                var gender = meta?["patient_gender"] ?? "";
                notes.Add(new SourceNote("aci-" + encounter, Normalise(row["note"]), meta?["patient_firstname"] ?? "",
                    meta?["patient_familyname"] ?? "",
                    gender == "female" ? true : gender == "male" ? false : null));
            }
        }
        foreach (var file in Directory.GetFiles(mts, "*.csv").Order(StringComparer.Ordinal))
        {
            var set = Path.GetFileNameWithoutExtension(file).Replace("MTS_Dataset_", "", StringComparison.Ordinal);
            foreach (var row in Rows(file))
            {
                var text = Normalise(row["section_text"]);
                if (text.Length < MinimumSectionLength) continue;
                notes.Add(new SourceNote($"mts-{set}-{row["ID"]}", $"{row["section_header"]}\n\n{text}", "", "",
                    null));
            }
        }
        return notes;
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static List<Dictionary<string, string>> Rows(string path)
    {
        var options = CsvHelper.CsvReaderOptions.Default with { HasHeader = false };
        using var csv = CsvHelper.CsvReader.FromText(File.ReadAllText(path), options);
        if (!csv.Read()) return [];
        var header = csv.Current.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var fields = csv.Current.ToArray();
            rows.Add(header.Select((h, i) => (h, v: i < fields.Length ? fields[i] ?? "" : ""))
                .ToDictionary(p => p.h, p => p.v, StringComparer.Ordinal));
        }
        return rows;
    }
}
