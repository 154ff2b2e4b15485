using Arcanum.Cases.Knowledge;
using Arcanum.Cases.Notes;

namespace Arcanum.Cases.Tests.Support;

/// <summary>
/// <see cref="TinyKb"/> with its findings asked as DDXPlus asks them (so notes can phrase them), labels for the
/// pain locations, and a few cases written by hand.
/// </summary>
internal static class NotesKb
{
    public static KnowledgeBase Create() => TinyKb.Create() with
    {
        Findings =
        [
            new Finding { Id = "fever", Question = "Do you have a fever?" },
            new Finding { Id = "pain", Question = "Do you have pain somewhere?" },
            new Finding
            {
                Id = "where", Type = FindingType.Multi, Gate = "pain", Question = "Where is the pain located?",
                Values = ["chest", "head", "back"],
                ValueLabels = new Dictionary<string, string> { ["chest"] = "the chest", ["head"] = "the forehead" },
            },
            new Finding { Id = "intensity", Type = FindingType.Categorical, Gate = "pain", Question = "How intense is the pain?", Values = ["1", "2", "3"] },
            new Finding { Id = "smoker", Kind = FindingKind.Antecedent, Question = "Do you smoke cigarettes?" },
        ],
    };

    public static CaseRecord Case(int row, string disease, params string[] evidences) =>
        new(row, row.ToString(System.Globalization.CultureInfo.InvariantCulture), 40 + row, row % 2 == 0 ? "F" : "M", disease, evidences);

    /// <summary>Cases of every disease, with gated multi-choice and categorical answers among them.</summary>
    public static IReadOnlyList<CaseRecord> Cases(int count) =>
        [.. Enumerable.Range(1, count).Select(i => (i % 3) switch
        {
            0 => Case(i, "Flu", "fever", "pain", "where_@_head", "where_@_back", "intensity_@_1"),
            1 => Case(i, "Angina", "pain", "where_@_chest", "intensity_@_3", "smoker"),
            _ => Case(i, "Common cold", "fever"),
        })];
}
