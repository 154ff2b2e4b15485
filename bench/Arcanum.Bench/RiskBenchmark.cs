using System.Diagnostics;
using System.Globalization;
using Arcanum.Risk;

namespace Arcanum.Bench;

/// <summary>
/// Re-identification risk of ARX's Adult table (30,162 rows) on ARX's 8 quasi-identifiers, untransformed, with
/// salary-class sensitive and the USA population ARX uses (317,238,626): every figure <c>arcanum risk</c> reports,
/// the time to read and to measure, beside ARX 3.9's input risk analysis from privacy_anchors.md §3b.
/// </summary>
internal static class RiskBenchmark
{
    private const double ArxUsaPopulation = RiskOptions.UsaPopulation;   // ARX's USA figure, as `--population usa` uses

    private static readonly string[] QuasiIdentifiers =
        ["age", "sex", "race", "marital-status", "education", "native-country", "workclass", "occupation"];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        var path = Args.String(args, "--data", "/work/shared/data/adult_arx/adult.csv");
        var repeats = Args.Int(args, "--repeats", 5);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"risk: {path} does not exist; pass --data with ARX's adult.csv (';'-separated).");
            return 2;
        }
        var options = new RiskOptions
        {
            QuasiIdentifiers = QuasiIdentifiers, Sensitive = ["salary-class"], PopulationSize = ArxUsaPopulation,
        };
        var clock = Stopwatch.StartNew();
        var table = ReleaseTables.Read(path, QuasiIdentifiers, ';');
        var readMs = clock.Elapsed.TotalMilliseconds;
        RiskReport report = RiskAssessment.Measure(table, options);
        var first = clock.Elapsed.TotalMilliseconds - readMs;
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var start = clock.Elapsed.TotalMilliseconds;
            report = RiskAssessment.Measure(table, options);
            times.Add(clock.Elapsed.TotalMilliseconds - start);
        }

        Console.WriteLine("# Re-identification risk: ARX's Adult, 8 quasi-identifiers, untransformed");
        Console.WriteLine($"# {Machine.Describe()}");
        Console.WriteLine();
        var pu = report.PopulationUniqueness!;
        var s = report.Sensitive[0];
        Console.WriteLine("| figure | Arcanum | ARX 3.9 (privacy_anchors.md §3b) |");
        Console.WriteLine("|---|---|---|");
        Row("records", report.Records.ToString(Inv), "30,162");
        Row("equivalence classes", report.Classes.ToString("N0", Inv), "18,109");
        var uniques = report.SampleUniques / (double)report.Records;
        Row("sample uniques", F($"{report.SampleUniques:N0} ({uniques:0.0%})"), "46.5 %");
        Row("k (smallest class)", report.K.ToString(Inv), "not given (1 implied by highest risk 1.0)");
        Row("highest prosecutor risk", F($"{report.Prosecutor.Highest:0.###}"), "1.0");
        Row("average prosecutor risk", F($"{report.Prosecutor.Average:0.###}"), "0.600");
        foreach (var r in report.Prosecutor.AtRisk)
            Row(F($"records at risk > {r.Threshold}"), F($"{r.Records:N0} ({r.Share:0.0%})"), "not given");
        foreach (var b in report.BelowK)
            Row(F($"records in classes < {b.K}"), F($"{b.Records:N0} ({b.Share:0.0%})"), "not given");
        Row("marketer risk (no population table)", F($"{report.Marketer:0.###}"), "not given");
        Row("population uniques, Zayatz (USA)", F($"{pu.Zayatz:0.00%}"), "21.6 %");
        Row("population uniques, Pitman (USA)", pu.Pitman is { } p ? F($"{p:0.00%}") : "did not converge", "not given");
        Row("population uniques, SNB (USA)", pu.Snb is { } snb ? F($"{snb:0.00%}") : "no solution", "not given");
        var dankar = pu.Dankar is { } d ? F($"{d:0.00%}") : "n/a";
        Row(F($"population uniques, Dankar (USA) [{pu.DankarModel}]"), dankar, "2.97 %");
        Row("salary-class distinct / entropy l", F($"{s.DistinctL} / {s.EntropyL:0.###}"), "not given");
        Row("salary-class t-closeness (equal distance)", F($"{s.TCloseness:0.###}"), "not given");
        Row("verdict", report.Verdict.Tiers.FirstOrDefault(t => t.Met)?.Name ?? "no tier met", "-");
        Row("time: read CSV", F($"{readMs:0} ms"), "-");
        Row("time: measure, first run", F($"{first:0} ms"), "71 ms (input risk analysis, single cold run)");
        Row(F($"time: measure, median of {repeats} warm runs"), F($"{Median(times):0} ms"), "-");
        return 0;
    }

    private static void Row(string figure, string ours, string arx) =>
        Console.WriteLine($"| {figure} | {ours} | {arx} |");

    private static double Median(List<double> values) =>
        values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    private static string F(FormattableString s) => s.ToString(Inv);
}
