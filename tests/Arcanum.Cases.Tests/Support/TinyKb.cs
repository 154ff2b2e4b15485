using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.Tests.Support;

/// <summary>
/// A three-disease knowledge base small enough to work out by hand: fever, pain and where it hurts (gated by
/// pain), pain intensity (categorical, gated), smoking (antecedent); two age bands; flu more common in the young.
/// </summary>
internal static class TinyKb
{
    public static KnowledgeBase Create() => new()
    {
        Name = "tiny",
        Population = new Population
        {
            AgeBands = [new AgeBand("0-39", 0, 39, 0.6), new AgeBand("40-99", 40, 99, 0.4)],
            Female = 0.5,
        },
        Findings =
        [
            new Finding { Id = "fever", Question = "Fever?" },
            new Finding { Id = "pain", Question = "Pain?" },
            new Finding { Id = "where", Type = FindingType.Multi, Gate = "pain", Values = ["chest", "head", "back"] },
            new Finding { Id = "intensity", Type = FindingType.Categorical, Gate = "pain", Values = ["1", "2", "3"] },
            new Finding { Id = "smoker", Kind = FindingKind.Antecedent },
        ],
        Diseases =
        [
            new Disease
            {
                Name = "Flu", Prevalence = 0.5, AgeFactors = new Dictionary<string, double> { ["0-39"] = 2 },
                Findings = [new DiseaseFinding { Id = "fever", P = 0.9 }, new DiseaseFinding { Id = "pain", P = 0.3 },
                    new DiseaseFinding { Id = "where", P = 1, Values = new Dictionary<string, double> { ["head"] = 0.8, ["back"] = 0.3 } },
                    new DiseaseFinding { Id = "intensity", P = 0.5, Values = new Dictionary<string, double> { ["1"] = 0.7, ["2"] = 0.3 } }],
            },
            new Disease
            {
                Name = "Angina", Prevalence = 0.2, Severity = 4, SexFactors = new Dictionary<string, double> { ["M"] = 2 },
                Findings = [new DiseaseFinding { Id = "pain", P = 0.95 },
                    new DiseaseFinding { Id = "where", P = 1, Values = new Dictionary<string, double> { ["chest"] = 0.9, ["back"] = 0.2 } },
                    new DiseaseFinding { Id = "intensity", P = 1, Values = new Dictionary<string, double> { ["2"] = 0.4, ["3"] = 0.6 } },
                    new DiseaseFinding { Id = "smoker", P = 0.6, Cells = [new FindingCell("40-99", "M", 0.8)] }],
            },
            new Disease
            {
                Name = "Common cold", Prevalence = 0.3,
                Findings = [new DiseaseFinding { Id = "fever", P = 0.2 }, new DiseaseFinding { Id = "smoker", P = 0.25 }],
            },
        ],
    };
}
