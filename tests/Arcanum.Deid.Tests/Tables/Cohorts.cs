namespace Arcanum.Deid.Tests.Tables;

/// <summary>Small made-up tables and policies for the table tests; every name and number is invented.</summary>
internal static class Cohorts
{
    public static readonly byte[] Key = Enumerable.Range(10, 32).Select(i => (byte)i).ToArray();

    /// <summary>Two visits each for two patients, one patient over 89 living in a restricted ZIP3 area.</summary>
    public const string Visits =
        "mrn,name,zip,age,admitted,sex,note\n" +
        "MRN001,Alice Zebrowski,03601,91,2098-03-04,F,Seen by Dr Quill on 4 March\n" +
        "MRN001,Alice Zebrowski,03601,91,2098-03-14,F,Follow-up\n" +
        "MRN002,Bob Yarrow,10025-1234,45,2098-01-09,M,Routine\n" +
        "MRN002,Bob Yarrow,10025-1234,45,2098-01-19,M,\n";

    public const string Policy =
        "patient: mrn\n" +
        "quasi_identifiers: [sex]\n" +
        "columns:\n" +
        "  mrn: pseudonym\n" +
        "  name: drop\n" +
        "  zip: { treatment: zip3, qi: true }\n" +
        "  age: { treatment: age, qi: true }\n" +
        "  admitted: { treatment: date, date: shift, qi: true }\n" +
        "  sex: keep\n" +
        "  note: drop\n";

    /// <summary>Writes the table, policy and key into <paramref name="dir"/>.</summary>
    public static (string Table, string Policy) Write(string dir, string table = Visits, string policy = Policy)
    {
        var t = Path.Combine(dir, "cohort.csv");
        var p = Path.Combine(dir, "policy.yml");
        File.WriteAllText(t, table);
        File.WriteAllText(p, policy);
        return (t, p);
    }

    /// <summary>A fresh temporary folder, removed on dispose.</summary>
    public sealed class Folder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("arcanum-deid-").FullName;

        public string this[string name] => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
