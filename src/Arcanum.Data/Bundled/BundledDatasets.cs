namespace Arcanum.Data;

/// <summary>The registry of datasets in <c>data/</c>; see data/README.md for sizes, sources and licences.</summary>
public static class BundledDatasets
{
    private static readonly BundledDataset[] All =
    [
        new("pbc3", "pbc3.csv",
            "PBC3 randomised trial of cyclosporin in primary biliary cirrhosis; 6 hospitals (column unit).",
            Target: "status", Positive: "2", SiteColumn: "unit", Exclude: ["ptno", "days"],
            Citation: "Lombard M et al. Cyclosporin A treatment in primary biliary cirrhosis: results of a long-term placebo controlled trial. Gastroenterology 1993. Data from R package pec (Debian r-cran-pec 2022.05.04-1).",
            Licence: "GPL >= 2")
        {
            PositiveLabel = "death",
            NegativeLabel = "alive/censored",
        },
        new("breast-cancer", "breast_cancer_wisconsin.csv",
            "Wisconsin diagnostic breast cancer: 30 cell-nucleus measurements per fine-needle aspirate.",
            Target: "diagnosis", Positive: "malignant", SiteColumn: null, Exclude: [],
            Citation: "Wolberg WH, Street WN, Mangasarian OL. Breast Cancer Wisconsin (Diagnostic), UCI Machine Learning Repository; via Debian python3-sklearn 1.2.1.",
            Licence: "CC BY 4.0")
        {
            PositiveLabel = "malignant",
            NegativeLabel = "benign",
        },
        new("pima", "pima_diabetes.csv",
            "Pima Indians diabetes (NIDDK): 8 measurements; a 0 in glucose, pressure, triceps, insulin or mass means not measured.",
            Target: "diabetes", Positive: "pos", SiteColumn: null, Exclude: [],
            Citation: "National Institute of Diabetes and Digestive and Kidney Diseases, UCI Machine Learning Repository; via R package mlbench (Debian r-cran-mlbench 2.1-3-1).",
            Licence: "GPL-2 (data: UCI)")
        {
            ZeroMeansMissing = ["glucose", "pressure", "triceps", "insulin", "mass"],
            PositiveLabel = "diabetes",
            NegativeLabel = "no diabetes",
        },
        new("rotterdam", "rotterdam.csv",
            "Rotterdam tumour bank breast-cancer cohort; death as outcome.",
            Target: "death", Positive: "1", SiteColumn: null, Exclude: ["pid", "dtime", "rtime", "recur"],
            Citation: "Royston P, Altman DG. External validation of a Cox prognostic model. BMC Med Res Methodol 2013. Data from R package survival 3.5-3.",
            Licence: "LGPL >= 2")
        {
            PositiveLabel = "death",
            NegativeLabel = "alive/censored",
        },
        new("gbsg", "gbsg.csv",
            "German Breast Cancer Study Group cohort; recurrence or death as outcome.",
            Target: "status", Positive: "1", SiteColumn: null, Exclude: ["pid", "rfstime"],
            Citation: "Schumacher M et al. J Clin Oncol 1994; Royston P, Altman DG, BMC Med Res Methodol 2013. Data from R package survival 3.5-3.",
            Licence: "LGPL >= 2")
        {
            PositiveLabel = "recurrence or death",
            NegativeLabel = "neither",
        },
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase) { ["wisconsin"] = "breast-cancer" };

    /// <summary>The canonical names, in registry order (aliases such as "wisconsin" are accepted by <see cref="TryGet"/>).</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(d => d.Name).ToArray();

    public static IReadOnlyList<BundledDataset> Datasets => All;

    /// <summary>Finds a dataset by name or alias, ignoring case.</summary>
    public static bool TryGet(string name, out BundledDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = Aliases.TryGetValue(name.Trim(), out var canonical) ? canonical : name.Trim();
        dataset = All.FirstOrDefault(d => string.Equals(d.Name, key, StringComparison.OrdinalIgnoreCase))!;
        return dataset is not null;
    }

    /// <exception cref="ArgumentException">No such dataset; the message lists the names.</exception>
    public static BundledDataset Get(string name) =>
        TryGet(name, out var d) ? d : throw new ArgumentException($"No bundled dataset '{name}'. Available: {string.Join(", ", Names)} (wisconsin is another name for breast-cancer).", nameof(name));
}
