using System.Globalization;
using Arcanum.Torch;
using Arcanum.Torch.Imaging;

namespace Arcanum.Bench;

/// <summary>
/// Mask-conditioned synthetic MRIs on the LGG slices (../shared/data/lgg_mri): fits the generator (central pix2pix,
/// or AsynDGAN with one discriminator per hospital) on 80% of the patients and runs <c>images synth evaluate</c> on the
/// other 20%, printing each measure beside its reference in the same run: the real-data segmenter (utility), the
/// conditioning masks (fidelity), chance (realism AUROC 0.5), real-versus-real Fréchet distance, and the share of
/// nearest neighbours expected without memorisation. Also the generator's time per epoch on this machine.
/// </summary>
internal static class LggSynthesisBenchmark
{
    public static int Run(string[] args)
    {
        var data = Args.String(args, "--data", Path.Combine("..", "shared", "data", "lgg_mri"));
        if (!Directory.Exists(data))
        {
            Console.Error.WriteLine($"LGG data not found at '{data}'; pass --data path/to/lgg_mri (see ../shared/data/README.md).");
            return 2;
        }
        var training = Args.String(args, "--training", "central") == "asyndgan" ? GanTraining.AsynDgan : GanTraining.Central;
        var device = Args.String(args, "--device", "cpu");
        var seed = Args.Int(args, "--seed", 42);
        var work = Directory.CreateTempSubdirectory("arcanum-lgg-synthesis-").FullName;
        try
        {
            TorchRuntime.EnsureLoaded();
            var model = Path.Combine(work, "generator");
            var progress = new Progress<string>(line => Console.Error.WriteLine(line));
            var card = MaskImageSynthesis.Fit(new GeneratorFitRequest(data, model)
            {
                Size = Args.Int(args, "--size", 64), Training = training, Device = device,
                Options = new MaskGanOptions { Epochs = Args.Int(args, "--epochs", 12), Seed = seed },
            }, progress);
            var r = SyntheticImageEvaluation.Run(new SyntheticEvaluationRequest(model, data, Path.Combine(work, "evaluation"))
            {
                Epochs = Args.Int(args, "--segmenter-epochs", 8), Seed = seed, Device = device,
            }, progress);

            var epochSeconds = card.Epochs.Count == 0 ? double.NaN : card.Epochs[^1].Elapsed.TotalSeconds / card.Epochs.Count;
            Console.WriteLine($"# Synthetic LGG FLAIR slices from tumour masks: generator {(training == GanTraining.AsynDgan ? $"AsynDGAN over {card.Sites.Count} hospitals" : "trained centrally")}, "
                + $"{card.Size}x{card.Size}, U-Net [{string.Join(", ", card.Options.GeneratorWidths)}], {card.Options.Epochs} epochs on {card.TrainingSlices} slices of {card.TrainingPatients.Count} patients; "
                + $"scored on {r.HeldOutSlices} slices of {r.HeldOutPatients} held-out patients; segmenters {r.Epochs} epochs; seed {seed} (the split, the networks' initial weights and the batches)");
            Console.WriteLine($"# {Machine.Describe()}; TorchSharp 0.107 / libtorch 2.10; generator {F(epochSeconds, "0")} s/epoch, evaluation {F(r.Seconds, "0")} s");
            Console.WriteLine();
            Console.WriteLine("| measure | synthetic | reference | reference is |");
            Console.WriteLine("|---|---:|---:|---|");
            var real = r.Utility[0].Scores;
            Console.WriteLine($"| Dice, segmenter trained on synthetic only | {F(r.Utility[1].Scores.Dice)} | {F(real.Dice)} | the same segmenter trained on the real slices |");
            Console.WriteLine($"| Dice, trained on real + synthetic | {F(r.Utility[2].Scores.Dice)} | {F(real.Dice)} | real only |");
            foreach (var own in r.Utility.Skip(3))
                Console.WriteLine($"| Dice, trained on synthetic only vs on {own.TrainedOn} | {F(r.Utility[1].Scores.Dice)} | {F(own.Scores.Dice)} | one hospital's own real slices ({own.Slices}) |");
            Console.WriteLine($"| Dice, real-data segmenter on images generated for held-out masks | {F(r.Fidelity.Plain.Dice)} | {F(real.Dice)} | the same segmenter on the real held-out slices |");
            Console.WriteLine($"| predicted tumour area, tumours scaled x{F(r.Fidelity.Factor, "0.##")} | x{F(r.Fidelity.PredictedAreaRatio, "0.00")} | x{F(r.Fidelity.MaskAreaRatio, "0.00")} | growth of the masks themselves |");
            Console.WriteLine($"| real-vs-generated classifier AUROC | {F(r.Realism.ClassifierAuroc)} | 0.500 | indistinguishable |");
            Console.WriteLine($"| Fréchet distance on segmenter features | {F(r.Realism.FrechetDistance, "G4")} | {F(r.Realism.RealFrechetDistance, "G4")} | training vs held-out real slices |");
            Console.WriteLine($"| twins nearer a training slice than a held-out one | {F(r.Memorisation.ShareCloserToTraining * 100, "0.0")}% | {F(r.Memorisation.ExpectedShareCloserToTraining * 100, "0.0")}% | expected without memorisation |");
            Console.WriteLine($"| near-copies (closer than 99% of held-out slices are) | {r.Memorisation.NearCopies} of {r.Memorisation.SyntheticRows} | ~{r.Memorisation.SyntheticRows / 100} | 1% by chance |");
            if (r.Traffic is { } t)
                Console.WriteLine($"| MB moved per epoch (images + gradients) | {F(t.GeneratorBytesPerEpoch / 1e6, "0.0")} | {F(t.FedAvgBytesPerRound / 1e6, "0.0")} | FedAvg, the {t.SegmenterParameters:N0}-parameter segmenter, {t.Sites} sites, 1 round |");
            Console.WriteLine();
            Console.WriteLine($"Report: {Path.Combine(work, "evaluation", "report.html")} (deleted at exit unless --keep)");
            return 0;
        }
        finally
        {
            if (!args.Contains("--keep")) Directory.Delete(work, recursive: true);
        }
    }

    private static string F(double v, string format = "0.000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
