using System.Diagnostics;
using System.Globalization;
using Arcanum.Risk;
using Arcanum.Risk.Anonymization;

namespace Arcanum.Bench;

/// <summary>
/// <c>arcanum anonymize</c>'s search on ARX's Adult table (30,162 rows) with ARX's 8 quasi-identifiers and ARX's own
/// hierarchy files: for k = 2, 3, 5, 10 with 0% and 5% suppression, the chosen transformation, classes, highest and
/// average prosecutor risk and time, beside ARX 3.9 (Loss metric) from privacy_anchors.md §3b.
/// </summary>
internal static class AnonymizeBenchmark
{
    private static readonly string[] QuasiIdentifiers =
        ["sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation"];

    // (k, suppression) → ARX 3.9's classes, highest risk, average risk, time (privacy_anchors.md §3b; one cold run).
    private static readonly Dictionary<(int, double), string> Arx = new()
    {
        [(2, 0.0)] = "60 | 0.333 | 0.0020 | 271 ms",
        [(5, 0.0)] = "30 | 0.0625 | 0.0010 | 62 ms",
        [(2, 0.05)] = "1,334 | 0.5 | 0.046 | 797 ms",
        [(3, 0.05)] = "735 | 0.333 | 0.025 | 460 ms",
        [(5, 0.05)] = "399 | 0.2 | 0.014 | 656 ms",
        [(10, 0.05)] = "200 | 0.1 | 0.007 | 641 ms",
    };

    public static int Run(string[] args)
    {
        var folder = Args.String(args, "--data", "/work/shared/data/adult_arx");
        var path = Path.Combine(folder, "adult.csv");
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"anonymize: {path} does not exist; pass --data with ARX's adult folder.");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        var table = ReleaseTables.Read(path, QuasiIdentifiers, ';');
        var hierarchies = QuasiIdentifiers
            .Select(q => HierarchyFiles.Read(HierarchyFiles.Find(folder, q), q)).ToArray();
        var readMs = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine("# Anonymize: ARX's Adult, 8 quasi-identifiers, ARX's hierarchies, Loss metric");
        Console.WriteLine($"# {Machine.Describe()}; read CSV + hierarchies {readMs:0} ms");
        Console.WriteLine($"# levels in the order {string.Join(", ", QuasiIdentifiers)}");
        Console.WriteLine();
        Console.WriteLine("| k | supp. | transformation | loss | classes | suppressed | highest / average risk | " +
            "checked / anonymous / scored of lattice | time | ARX 3.9: classes / highest / average / time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var suppression in new[] { 0.0, 0.05 })
        {
            foreach (var k in new[] { 2, 3, 5, 10 })
            {
                var options = new AnonymizationOptions
                {
                    QuasiIdentifiers = QuasiIdentifiers, K = k, SuppressionLimit = suppression,
                };
                var start = clock.Elapsed.TotalMilliseconds;
                var result = Anonymizer.Run(table, hierarchies, options);
                var ms = clock.Elapsed.TotalMilliseconds - start;
                var risk = result.Risk!.Prosecutor;
                var s = result.Search;
                var arx = Arx.TryGetValue((k, suppression), out var a) ? a : "not given";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {k} | {suppression:0%} | {string.Join(",", result.Transformation.Select(t => t.Level))} | " +
                    $"{result.Utility.Loss:0.0000} | {result.Classes:N0} | {result.Suppressed:N0} | " +
                    $"{risk.Highest:0.###} / {risk.Average:0.0000} | {s.Checked} / {s.Anonymous} / {s.Scored} of " +
                    $"{s.Transformations} | {ms:0} ms | {arx} |"));
            }
        }
        return 0;
    }
}
