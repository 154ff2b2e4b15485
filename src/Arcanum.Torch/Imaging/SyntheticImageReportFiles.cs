using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.Metrics;

namespace Arcanum.Torch.Imaging;

/// <summary>evaluation.json and report.html of <c>images synth evaluate</c>.</summary>
internal static class SyntheticImageReportFiles
{
    public static string Json(SyntheticImageReport r)
    {
        var root = new JsonObject
        {
            ["model"] = r.Card.Format,
            ["size"] = r.Card.Size,
            ["training"] = r.Card.Sites.Count > 1 ? "asyndgan" : "central",
            ["generator_epochs"] = r.Card.Options.Epochs,
            ["data"] = r.Data,
            ["test"] = r.Test,
            ["training_patients"] = r.TrainingPatients,
            ["held_out_patients"] = r.HeldOutPatients,
            ["training_slices"] = r.TrainingSlices,
            ["held_out_slices"] = r.HeldOutSlices,
            ["segmenter_epochs"] = r.Epochs,
            ["utility"] = new JsonArray(r.Utility.Select(u => (JsonNode)new JsonObject
            {
                ["trained_on"] = u.TrainedOn, ["slices"] = u.Slices, ["scores"] = Scores(u.Scores),
            }).ToArray()),
            ["fidelity"] = new JsonObject
            {
                ["plain"] = Scores(r.Fidelity.Plain),
                ["scaled"] = Scores(r.Fidelity.Scaled),
                ["scale_factor"] = r.Fidelity.Factor,
                ["mask_area_ratio"] = Number(r.Fidelity.MaskAreaRatio),
                ["predicted_area_ratio"] = Number(r.Fidelity.PredictedAreaRatio),
            },
            ["realism"] = new JsonObject
            {
                ["classifier_auroc"] = Number(r.Realism.ClassifierAuroc),
                ["classifier_test_slices"] = r.Realism.TestSlices,
                ["frechet_distance"] = Number(r.Realism.FrechetDistance),
                ["real_frechet_distance"] = Number(r.Realism.RealFrechetDistance),
            },
            ["memorisation"] = new JsonObject
            {
                ["closer_to_training_share"] = Number(r.Memorisation.ShareCloserToTraining),
                ["expected_share"] = Number(r.Memorisation.ExpectedShareCloserToTraining),
                ["median_distance_training"] = Number(r.Memorisation.MedianDistanceToTraining),
                ["median_distance_held_out"] = Number(r.Memorisation.MedianDistanceToHeldOut),
                ["median_held_out_to_training"] = Number(r.Memorisation.MedianHeldOutToTraining),
                ["near_copy_threshold"] = Number(r.Memorisation.NearCopyThreshold),
                ["near_copies"] = r.Memorisation.NearCopies,
                ["generated"] = r.Memorisation.SyntheticRows,
            },
            ["traffic"] = r.Traffic is { } t ? new JsonObject
            {
                ["generator_bytes_per_epoch"] = Math.Round(t.GeneratorBytesPerEpoch),
                ["fedavg_bytes_per_round"] = t.FedAvgBytesPerRound,
                ["segmenter_parameters"] = t.SegmenterParameters,
                ["sites"] = t.Sites,
            } : null,
            ["seconds"] = r.Seconds,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject Scores(SegmentationMetrics m) => new()
    {
        ["dice"] = Number(m.Dice), ["hd95"] = Number(m.Hd95), ["pixel_dice"] = Number(m.PixelDice), ["patients"] = m.Count, ["slices"] = m.Slices,
    };

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 4)) : null;

    public static string Html(SyntheticImageReport r)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Synthetic MRI evaluation</title><style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".grid img{width:128px;height:128px;image-rendering:pixelated}.note{color:#555;font-size:.9em}</style></head><body>");
        h.Append("<h1>Synthetic MRI evaluation</h1>");
        h.Append("<p>").Append(E($"Generator: {(r.Card.Sites.Count > 1 ? $"AsynDGAN across {r.Card.Sites.Count} sites ({string.Join(", ", r.Card.Sites)})" : "trained centrally")}, "
            + $"{r.Card.Size}x{r.Card.Size}, {r.Card.Options.Epochs} epochs on {r.Card.TrainingSlices} slices. Scored on {r.HeldOutSlices} slices of {r.HeldOutPatients} held-out patients "
            + $"the generator never saw{(r.Test is null ? "" : $" (including every patient of {r.Test})")}; {r.TrainingSlices} slices of {r.TrainingPatients} training patients. "
            + $"Every model below trained for {r.Epochs} epochs.")).Append("</p>");

        h.Append("<h2>Utility: a segmenter trained on…, scored on held-out real patients</h2><table><tr><th>trained on</th><th>slices</th><th>Dice per patient</th><th>HD95 (px)</th><th>pixel Dice</th></tr>");
        foreach (var u in r.Utility)
            h.Append($"<tr><td>{E(u.TrainedOn)}</td><td>{u.Slices}</td><td>{F(u.Scores.Dice)}</td><td>{F(u.Scores.Hd95, "0.0")}</td><td>{F(u.Scores.PixelDice)}</td></tr>");
        h.Append("</table><p class=\"note\">The synthetic slices are the training slices' twins: generated for the same brain outlines and tumour masks.</p>");
        if (r.Traffic is { } t)
        {
            h.Append("<h2>Traffic</h2><p>").Append(E($"AsynDGAN moved {t.GeneratorBytesPerEpoch / 1e6:0.0} MB per generator epoch (generated images out, gradients back; no real image and no discriminator weights). "
                + $"FedAvg training the same {t.SegmenterParameters:N0}-parameter segmenter at the same {t.Sites} sites moves {t.FedAvgBytesPerRound / 1e6:0.0} MB per round of one local epoch. "
                + "AsynDGAN's masks were shared with the server, as the method requires: they are treated as non-sensitive here.")).Append("</p>");
        }

        var f = r.Fidelity;
        h.Append("<h2>Mask fidelity: the real-data segmenter on generated images</h2><table><tr><th>images generated for</th><th>Dice per patient</th><th>HD95 (px)</th><th>pixel Dice</th></tr>")
            .Append($"<tr><td>held-out masks</td><td>{F(f.Plain.Dice)}</td><td>{F(f.Plain.Hd95, "0.0")}</td><td>{F(f.Plain.PixelDice)}</td></tr>")
            .Append($"<tr><td>held-out masks, tumours scaled x{F(f.Factor, "0.##")}</td><td>{F(f.Scaled.Dice)}</td><td>{F(f.Scaled.Hd95, "0.0")}</td><td>{F(f.Scaled.PixelDice)}</td></tr></table>")
            .Append("<p>").Append(E($"Scaling the tumours multiplied their mask area by {F(f.MaskAreaRatio, "0.00")} (after clipping to the brain); the segmenter's predicted tumour area grew by {F(f.PredictedAreaRatio, "0.00")}.")).Append("</p>");

        var m = r.Realism;
        h.Append("<h2>Realism</h2><table><tr><th>measure</th><th>value</th><th>ideal</th></tr>")
            .Append($"<tr><td>real-vs-generated classifier AUROC ({m.TestSlices} slices of patients it did not train on)</td><td>{F(m.ClassifierAuroc)}</td><td>0.5</td></tr>")
            .Append($"<tr><td>Fréchet distance, generated vs held-out real (segmenter features)</td><td>{F(m.FrechetDistance, "G4")}</td><td>as low as real vs real</td></tr>")
            .Append($"<tr><td>Fréchet distance, training real vs held-out real</td><td>{F(m.RealFrechetDistance, "G4")}</td><td>(reference)</td></tr></table>");

        var mem = r.Memorisation;
        h.Append("<h2>Memorisation</h2><p>").Append(E($"Of {mem.SyntheticRows} generated twins of training slices, {F(mem.ShareCloserToTraining * 100, "0.0")}% are nearer (in pixels) to a training slice than to any held-out one "
            + $"(without memorisation: {F(mem.ExpectedShareCloserToTraining * 100, "0.0")}%, the training slices' share of all real ones); median distances {F(mem.MedianDistanceToTraining, "0.00")} to training vs {F(mem.MedianDistanceToHeldOut, "0.00")} to held-out "
            + $"(a held-out real slice lies {F(mem.MedianHeldOutToTraining, "0.00")} from its nearest training slice). {mem.NearCopies} are near-copies, nearer to a training slice than "
            + $"99% of held-out real slices are (threshold {F(mem.NearCopyThreshold, "0.00")}). A twin is made from its training slice's own brain outline and tumour, so it is expected to lie near that slice; "
            + "near-copies are the number to watch before sharing twins of training slices.")).Append("</p><p class=\"note\">").Append(E(Arcanum.Synthesis.Images.MemorisationResult.Explanation)).Append("</p>");

        h.Append("<h2>Held-out slices: real, generated for the same mask, and edited</h2><p class=\"note\">Green: the tumour mask the image was made for. Red: what the real-data segmenter found (generated column). ")
            .Append(E($"Edits: tumour scaled x{F(f.Factor, "0.##")}, tumour moved 8 px right.")).Append("</p><table class=\"grid\"><tr><th>patient</th><th>real</th><th>generated</th><th>scaled</th><th>moved</th></tr>");
        foreach (var x in r.Examples)
            h.Append($"<tr><td>{E(x.Patient)}</td><td><img src=\"{x.Real}\" alt=\"real\"></td><td><img src=\"{x.Generated}\" alt=\"generated\"></td><td><img src=\"{x.Scaled}\" alt=\"scaled\"></td><td><img src=\"{x.Moved}\" alt=\"moved\"></td></tr>");
        h.Append("</table>");
        h.Append($"<p class=\"note\">Produced by Arcanum (arcanum images synth evaluate) in {F(r.Seconds, "0")} s.</p></body></html>\n");
        return h.ToString();
    }

    private static string F(double v, string format = "0.000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
