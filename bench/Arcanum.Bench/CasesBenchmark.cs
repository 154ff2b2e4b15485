using System.Diagnostics;
using System.Globalization;
using Arcanum.Cases.DdxPlus;
using Arcanum.Cases.Diagnosis;
using Arcanum.Cases.Simulation;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Bench;

/// <summary>
/// <c>cases-curai</c>, after Curai's "learning from the experts" (a model trained on cases simulated from an expert
/// knowledge base beats the knowledge base read directly: DNN 0.92 top-1 vs expert system 0.71). A knowledge base is
/// built from DDXPlus with frequencies estimated on the estimating patients (all but every 5th); logistic regression
/// and a one-hidden-layer MLP are trained on 1k, 10k and 100k cases simulated from it, and on the estimating
/// patients themselves for reference; all are tested on the held-out DDXPlus patients beside the knowledge base as
/// a naive-Bayes diagnoser, with symptoms only, history/antecedents only, and both (age and sex always given).
/// </summary>
internal static class CasesBenchmark
{
    private const int BatchSize = 256;

    private sealed record Data(float[] X, int[] Y, int Rows, int Width);

    public static int Run(string[] args)
    {
        var folder = Args.String(args, "--ddxplus", "../shared/data/ddxplus");
        var every = Args.Int(args, "--holdout-every", DdxPlusSplit.DefaultEvery);
        var sizes = Args.String(args, "--sizes", "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var epochs = Args.Int(args, "--epochs", 3);
        var minSteps = Args.Int(args, "--min-steps", 500);
        var seed = Args.Int(args, "--seed", 7);
        var threads = Args.Int(args, "--threads", 2);
        var hidden = Args.Int(args, "--hidden", 256);
        var sites = Args.Int(args, "--sites", 4);
        var minCount = Args.Int(args, "--min-count", 5);
        var skipModels = args.Contains("--skip-models");
        torch.set_num_threads(threads);

        var release = DdxPlusRelease.Read(folder);
        var train = Path.Combine(folder, "patients_train.csv");
        var (estimate, test) = File.Exists(train)
            ? (DdxPlusPatients.Read(train), DdxPlusPatients.Read(Path.Combine(folder, "patients_test.csv")))
            : DdxPlusSplit.Split(DdxPlusPatients.Read(Path.Combine(folder, "patients_dev.csv")), every);
        var kb = new CompiledKnowledgeBase(DdxPlusKnowledgeBuilder.Build(release, estimate, "bench", test.Count));
        // The same estimate fitted federatedly: patient i at site i mod N, each site releasing guarded counts only.
        var siteCounts = Enumerable.Range(0, sites).Select(s => DdxPlusCounts.Of(release, estimate.Where((_, i) => i % sites == s)).Guarded(release, minCount));
        var federatedCounts = DdxPlusCounts.Sum(release, siteCounts);
        var federated = new CompiledKnowledgeBase(DdxPlusKnowledgeBuilder.Build(release, federatedCounts, "bench", test.Count));
        var realTrain = Encode(kb, estimate);
        var realTest = Encode(kb, test);
        Console.WriteLine($"cases-curai, {Machine.Describe()}, {threads} torch thread(s); knowledge base from DDXPlus with frequencies "
            + $"estimated on {estimate.Count:N0} patients, tested on {test.Count:N0} held-out patients ({realTest.Patients} with a "
            + $"pathology present in {realTest.Classes} classes); LR and MLP ({hidden} hidden, ReLU): AdamW 1e-3, batch {BatchSize}, "
            + $"max({epochs} epochs, {minSteps} steps); seed {seed}. Federated KB: {sites} sites, minimum count {minCount}, "
            + $"{federatedCounts.Withheld} groups of counts withheld, {federatedCounts.Total:N0} patients' pathologies counted.");
        Console.WriteLine();
        Console.WriteLine("| inputs | model | trained on | cases | train s | top-1 | top-5 | macro recall | macro F1 |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
        var simulator = new CaseSimulator(kb);
        var simulated = sizes.ToDictionary(n => n, n => simulator.Simulate(n, (ulong)seed));
        foreach (var set in new[] { FindingSet.Symptoms, FindingSet.History, FindingSet.Both })
        {
            var mask = Mask(kb, set);
            var expert = new NaiveBayesDiagnoser(kb, set);
            var scores = Enumerable.Range(0, realTest.Patients).Select(i => expert.Scores(realTest.Age[i], realTest.Sex[i], realTest.Cases.ColumnsOf(i)).Select(s => (float)s).ToArray()).ToArray();
            Row(set, "expert system (naive Bayes on the KB)", "-", 0, 0, Metrics.Of(scores, realTest.Labels, kb.DiseaseCount));
            var fedExpert = new NaiveBayesDiagnoser(federated, set);
            var fedScores = Enumerable.Range(0, realTest.Patients).Select(i => fedExpert.Scores(realTest.Age[i], realTest.Sex[i], realTest.Cases.ColumnsOf(i)).Select(s => (float)s).ToArray()).ToArray();
            Row(set, $"expert system, KB fitted at {sites} sites (min count {minCount})", "-", 0, 0, Metrics.Of(fedScores, realTest.Labels, kb.DiseaseCount));
            if (skipModels) continue;
            foreach (var model in new[] { "LR", "MLP" })
            {
                foreach (var n in sizes)
                {
                    var data = Features(kb, simulated[n], mask);
                    var (scoresSim, seconds) = TrainAndScore(model, data, Features(kb, realTest.Cases, mask), kb.DiseaseCount, hidden, epochs, minSteps, seed);
                    Row(set, model, "simulated", n, seconds, Metrics.Of(scoresSim, realTest.Labels, kb.DiseaseCount));
                }
                var real = Features(kb, realTrain.Cases, mask);
                var (scoresReal, realSeconds) = TrainAndScore(model, real, Features(kb, realTest.Cases, mask), kb.DiseaseCount, hidden, epochs, minSteps, seed);
                Row(set, model, "real (estimating patients)", realTrain.Patients, realSeconds, Metrics.Of(scoresReal, realTest.Labels, kb.DiseaseCount));
            }
        }
        return 0;
    }

    private static void Row(FindingSet set, string model, string on, int n, double seconds, Metrics m) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {set.ToString().ToLowerInvariant()} | {model} | {on} | {(n > 0 ? n.ToString("N0", CultureInfo.InvariantCulture) : "-")} | {(n > 0 ? seconds.ToString("0.0", CultureInfo.InvariantCulture) : "-")} | {m.Top1:0.000} | {m.Top5:0.000} | {m.MacroRecall:0.000} | {m.MacroF1:0.000} |"));

    /// <summary>Real patients as a case batch (evidences not in the knowledge base's columns are dropped) with labels.</summary>
    private static (CaseBatch Cases, int[] Age, byte[] Sex, int[] Labels, int Patients, int Classes) Encode(CompiledKnowledgeBase kb, List<DdxPlusPatient> patients)
    {
        var columnOf = kb.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var diseaseOf = kb.Diseases.Select((d, i) => (d.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var offsets = new List<int> { 0 };
        var columns = new List<int>();
        var labels = new List<int>();
        var ages = new List<int>();
        var sexes = new List<byte>();
        foreach (var p in patients)
        {
            if (!diseaseOf.TryGetValue(p.Pathology, out var d)) continue;
            columns.AddRange(p.Evidences.Select(e => columnOf.GetValueOrDefault(e, -1)).Where(c => c >= 0).Distinct().Order());
            offsets.Add(columns.Count);
            labels.Add(d);
            ages.Add(p.Age);
            sexes.Add(p.Sex.StartsWith('F') ? (byte)0 : (byte)1);
        }
        var batch = new CaseBatch([.. ages], [.. sexes], [.. labels], [.. offsets], [.. columns]);
        return (batch, [.. ages], [.. sexes], [.. labels], labels.Count, labels.Distinct().Count());
    }

    /// <summary>Which one-hot columns an input set keeps, as new positions after age and sex (-1: dropped).</summary>
    private static int[] Mask(CompiledKnowledgeBase kb, FindingSet set)
    {
        var mask = new int[kb.Columns.Count];
        var next = 2;
        for (var c = 0; c < mask.Length; c++) mask[c] = set.Contains(kb.Findings[kb.ColumnFinding[c]].Kind) ? next++ : -1;
        return mask;
    }

    private static Data Features(CompiledKnowledgeBase kb, CaseBatch cases, int[] mask)
    {
        var width = mask.Max() + 1;
        var x = new float[cases.Count * width];
        for (var i = 0; i < cases.Count; i++)
        {
            x[i * width] = cases.Age[i] / 100f;
            x[i * width + 1] = cases.Sex[i];
            foreach (var c in cases.ColumnsOf(i)) if (mask[c] >= 0) x[i * width + mask[c]] = 1;
        }
        return new Data(x, cases.Disease, cases.Count, width);
    }

    private static (float[][] Scores, double Seconds) TrainAndScore(string kind, Data train, Data test, int classes, int hidden, int epochs, int minSteps, int seed)
    {
        torch.manual_seed(seed);
        var clock = Stopwatch.StartNew();
        using var model = kind == "LR"
            ? (nn.Module<Tensor, Tensor>)nn.Linear(train.Width, classes)
            : nn.Sequential(nn.Linear(train.Width, hidden), nn.ReLU(), nn.Linear(hidden, classes));
        using var optimizer = optim.AdamW(model.parameters(), 1e-3, weight_decay: 1e-4);
        using var loss = nn.CrossEntropyLoss();
        using var x = tensor(train.X, [train.Rows, train.Width]);
        using var y = tensor(train.Y.Select(v => (long)v).ToArray());
        var steps = Math.Max(minSteps, epochs * ((train.Rows + BatchSize - 1) / BatchSize));
        var generator = new Random(seed);
        var order = Enumerable.Range(0, train.Rows).ToArray();
        var at = train.Rows;
        model.train();
        for (var step = 0; step < steps; step++)
        {
            if (at + BatchSize > train.Rows)
            {
                generator.Shuffle(order);
                at = 0;
            }
            using var scope = NewDisposeScope();
            using var index = tensor(order.AsSpan(at, Math.Min(BatchSize, train.Rows)).ToArray().Select(v => (long)v).ToArray());
            at += BatchSize;
            optimizer.zero_grad();
            loss.forward(model.forward(x.index_select(0, index)), y.index_select(0, index)).backward();
            optimizer.step();
        }
        var seconds = clock.Elapsed.TotalSeconds;
        model.eval();
        using var noGrad = no_grad();
        using var logits = model.forward(tensor(test.X, [test.Rows, test.Width]));
        var flat = logits.data<float>().ToArray();
        return ([.. Enumerable.Range(0, test.Rows).Select(i => flat[(i * classes)..((i + 1) * classes)])], seconds);
    }

    /// <summary>Top-1 and top-5 accuracy, and recall and F1 of the top-1 answer averaged over the classes tested.</summary>
    private sealed record Metrics(double Top1, double Top5, double MacroRecall, double MacroF1)
    {
        public static Metrics Of(float[][] scores, int[] labels, int classes)
        {
            int top1 = 0, top5 = 0;
            var truePositive = new int[classes];
            var predicted = new int[classes];
            var actual = new int[classes];
            for (var i = 0; i < labels.Length; i++)
            {
                var ranked = Enumerable.Range(0, classes).OrderByDescending(k => scores[i][k]).Take(5).ToArray();
                if (ranked[0] == labels[i]) { top1++; truePositive[labels[i]]++; }
                if (ranked.Contains(labels[i])) top5++;
                predicted[ranked[0]]++;
                actual[labels[i]]++;
            }
            var present = Enumerable.Range(0, classes).Where(k => actual[k] > 0).ToList();
            var recall = present.Average(k => (double)truePositive[k] / actual[k]);
            var f1 = present.Average(k => 2.0 * truePositive[k] / (actual[k] + predicted[k]));
            return new Metrics((double)top1 / labels.Length, (double)top5 / labels.Length, recall, f1);
        }
    }
}
