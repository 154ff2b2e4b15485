using Arcanum.Cases.Knowledge;
using Arcanum.Cases.Notes;

namespace Arcanum.Cases.Tests.Notes;

public sealed class FindingPhrasesTests
{
    [Theory]
    [InlineData("Do you have a fever (either felt or measured with a thermometer)?", true,
        "has a fever (either felt or measured with a thermometer)", "does not have a fever (either felt or measured with a thermometer)")]
    [InlineData("Have you ever had a heart attack or do you have angina?", true,
        "has had a heart attack or does she have angina", "has never had a heart attack or does she have angina")]
    [InlineData("Do you smoke cigarettes?", false, "smokes cigarettes", "does not smoke cigarettes")]
    [InlineData("Do you constantly feel fatigued?", true, "constantly feels fatigued", "does not constantly feel fatigued")]
    [InlineData("Are you significantly overweight compared to people of your height?", false,
        "is significantly overweight compared to people of his height", "is not significantly overweight compared to people of his height")]
    [InlineData("Do you currently, or did you ever, have numbness?", false,
        "answers yes to \"Do you currently, or did you ever, have numbness?\"",
        "answers no to \"Do you currently, or did you ever, have numbness?\"")]
    [InlineData("Do you have any family members who have asthma?", false,
        "has family members who have asthma", "does not have any family members who have asthma")]
    [InlineData("Have you noticed a wheezing sound when you exhale?", false,
        "has noticed a wheezing sound when he exhales", "has not noticed a wheezing sound when he exhales")]
    [InlineData("Do you think that you are pregnant?", true, "thinks that she is pregnant", "does not think that she is pregnant")]
    [InlineData("Did you lose consciousness?", true, "did lose consciousness", "did not lose consciousness")]
    [InlineData("Is your skin paler than usual?", true, "answers yes to \"Is your skin paler than usual?\"",
        "answers no to \"Is your skin paler than usual?\"")]
    public void Binary_QuestionShapes_ThirdPersonStatements(string question, bool female, string yes, string no)
    {
        var phrases = FindingPhrases.Binary(new Finding { Id = "E_1", Question = question }, female);

        Assert.Equal((yes, no), phrases);
    }

    [Fact]
    public void Binary_NoQuestion_NamesTheFindingById()
    {
        var phrases = FindingPhrases.Binary(new Finding { Id = "night_sweats" }, female: false);

        Assert.Equal(("is positive for night sweats", "is negative for night sweats"), phrases);
    }

    [Fact]
    public void Answers_LabelledAndPlainValues_ReadableList()
    {
        var finding = new Finding
        {
            Id = "where", Type = FindingType.Multi, Values = ["V_1", "V_2", "back"],
            ValueLabels = new Dictionary<string, string> { ["V_1"] = "iliac wing(R)", ["V_2"] = "the chest" },
        };

        Assert.Equal("iliac wing(R), the chest and back", FindingPhrases.Answers(finding, ["V_1", "V_2", "back"]));
        Assert.Equal("the chest", FindingPhrases.Answers(finding, ["V_2"]));
    }
}
