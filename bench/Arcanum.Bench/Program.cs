using Arcanum.Bench;

var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
{
    ["aggregation"] = AggregationBenchmark.Run,
    ["speed"] = SpeedBenchmark.Run,
    ["fmnist"] = FashionMnistBenchmark.Run,
    ["network"] = NetworkBenchmark.Run,
    ["synth-utility"] = SynthBenchmark.Utility,
    ["synth-dp"] = SynthBenchmark.Privacy,
    ["synth-scale"] = SynthBenchmark.Scale,
    ["synth-scale-one"] = SynthBenchmark.ScaleOne,
    ["synth-step"] = SynthBenchmark.Step,
    ["synth-ctgan"] = SynthBenchmark.Ctgan,
    ["synth-mst"] = MstBenchmark.Run,
    ["checks"] = ChecksBenchmark.Run,
    ["privacy"] = PrivacyBenchmark.Run,
    ["secure-network"] = SecureRoundsBenchmark.Run,
    ["secagg-cpu"] = SecAggCpuBenchmark.Run,
    ["risk"] = RiskBenchmark.Run,
    ["anonymize"] = AnonymizeBenchmark.Run,
    ["deid-speed"] = DeidSpeedBenchmark.Run,
    ["deid-corpus"] = DeidCorpusCommand.Run,
    ["deid-accuracy"] = DeidAccuracyBenchmark.Run,
    ["deid-learned"] = DeidLearnedBenchmark.Run,
    ["lgg-segmentation"] = LggSegmentationBenchmark.Run,
    ["lgg-synthesis"] = LggSynthesisBenchmark.Run,
    ["lgg-rim"] = LggRimBenchmark.Run,
    ["cases-curai"] = CasesBenchmark.Run,
    ["notes"] = NotesBenchmark.Run,
    ["notes-sections"] = NotesSectionsBenchmark.Run,
    ["notes-dp"] = NotesBenchmark.Private,
    ["notes-federated"] = NotesBenchmark.Federated,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/Arcanum.Bench -- <{string.Join("|", benchmarks.Keys)}> [options]");
    return 2;
}
return run(args[1..]);
