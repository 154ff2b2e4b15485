using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.DdxPlus;

/// <summary>
/// A knowledge base from DDXPlus: its pathologies, evidences and links as published, and frequencies estimated
/// from patients, since DDXPlus does not publish its own. Every estimate is an m-estimate, shrunk towards the
/// pooled rate with the weight of <see cref="PseudoCount"/> patients, so a pathology seen in few patients gets
/// sensible numbers; each estimated number records how many patients it came from.
/// </summary>
public static class DdxPlusKnowledgeBuilder
{
    /// <summary>Weight of the pooled rate, in patients, in every finding estimate.</summary>
    public const double PseudoCount = 2;

    /// <summary>The default age bands: narrow for children, 15 years for adults.</summary>
    public static readonly IReadOnlyList<(int Min, int Max)> DefaultBands =
        [(0, 4), (5, 14), (15, 29), (30, 44), (45, 59), (60, 74), (75, 120)];

    /// <exception cref="CasesException">A patient names a pathology or evidence the release does not have.</exception>
    public static KnowledgeBase Build(DdxPlusRelease release, IReadOnlyList<DdxPlusPatient> patients, string from, int heldOut) =>
        Build(release, DdxPlusCounts.Of(release, patients), from, heldOut);

    /// <summary>The knowledge base from counts: one site's, the estimating split's, or several sites' summed.</summary>
    public static KnowledgeBase Build(DdxPlusRelease release, DdxPlusCounts counts, string from, int heldOut)
    {
        var evidenceById = release.Evidences.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var bands = DefaultBands.Select(b => (b.Min, b.Max, Name: $"{b.Min}-{b.Max}")).ToList();
        var n = counts.Total;
        // Population from the pathologies' own band and sex counts: a site that withheld some released none
        // of a total they could be subtracted from.
        var bandCounts = Enumerable.Range(0, bands.Count).Select(b => Enumerable.Range(0, counts.Patients.Length).Sum(d => counts.Band[d * bands.Count + b])).ToArray();
        var banded = bandCounts.Sum();
        var bandWeights = bandCounts.Select(c => (c + 1.0) / (banded + bands.Count)).ToArray();
        var female = (counts.Female.Sum() + 1.0) / (counts.Female.Sum() + counts.Male.Sum() + 2);
        var pooled = PooledRates.Of(release, counts);
        var diseases = new List<Disease>();
        for (var d = 0; d < release.Pathologies.Count; d++)
        {
            var pathology = release.Pathologies[d];
            var mine = counts.Patients[d];
            var myBands = Enumerable.Range(0, bands.Count).Select(b => counts.Band[d * bands.Count + b]).ToArray();
            var ageFactors = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var b = 0; b < bands.Count; b++)
            {
                var share = (myBands[b] + bands.Count * bandWeights[b]) / (myBands.Sum() + bands.Count);
                ageFactors[bands[b].Name] = Round(share / bandWeights[b]);
            }
            var femaleShare = (counts.Female[d] + 2 * female) / (counts.Female[d] + counts.Male[d] + 2);
            diseases.Add(new Disease
            {
                Name = pathology.Name,
                Code = pathology.Icd10,
                Severity = pathology.Severity is >= 1 and <= 5 ? pathology.Severity : null,
                Prevalence = Round((mine + 1.0) / (n + release.Pathologies.Count)),
                AgeFactors = ageFactors,
                SexFactors = new Dictionary<string, double> { ["F"] = Round(femaleShare / female), ["M"] = Round((1 - femaleShare) / (1 - female)) },
                Estimated = new Estimate(mine),
                Findings = [.. pathology.Evidences.Select((e, i) => FindingEstimate.Of(evidenceById[e], counts.Evidence[d][i], pooled))],
            });
        }
        return new KnowledgeBase
        {
            Name = "DDXPlus",
            Source = "Structure: DDXPlus release_conditions.json and release_evidences.json (Fansi Tchango, Goel, Wen, Martel, "
                + "Ghosn, \"DDXPlus: A New Dataset For Automatic Medical Diagnosis\", NeurIPS 2022 Datasets and Benchmarks; "
                + "CC BY 4.0). Frequencies: estimated by arcanum cases kb (DDXPlus publishes none).",
            Estimation = new EstimationNote(from, n, heldOut,
                $"m-estimates towards pooled rates with {PseudoCount} pseudo-patients (findings, values), one per age band "
                + "(age factors), two for sex; Laplace (+1) for prevalence, age bands and sex"),
            Population = new Population
            {
                AgeBands = [.. bands.Select((b, i) => new AgeBand(b.Name, b.Min, b.Max, Round(bandWeights[i])))],
                Female = Round(female),
            },
            Findings = [.. release.Evidences.Select(ToFinding)],
            Diseases = diseases,
        };
    }

    private static Finding ToFinding(DdxPlusEvidence e) => new()
    {
        Id = e.Id,
        Kind = e.IsAntecedent ? FindingKind.Antecedent : FindingKind.Symptom,
        Type = e.DataType switch { 'B' => FindingType.Binary, 'C' => FindingType.Categorical, _ => FindingType.Multi },
        Question = e.Question,
        Gate = e.Gate,
        Values = e.DataType == 'B' ? null : e.Values,
        ValueLabels = e.DataType == 'B' ? null : e.ValueLabels,
        Default = e.DataType == 'B' ? null : e.Default,
    };

    /// <summary>Six decimals: enough for any estimate from a few thousand patients, and a readable file.</summary>
    internal static double Round(double value) => Math.Round(value, 6);
}
