using Arcanum.Data.Text;

namespace Arcanum.Data.Tests.Text;

public sealed class NaiveBayesTextClassifierTests
{
    private static readonly string[] Allergy = ["No known drug allergies.", "Allergic to penicillin, rash.", "She is allergic to sulfa drugs.", "NKDA."];
    private static readonly string[] Medications = ["Metformin 500 mg twice daily.", "Lisinopril 10 mg daily and aspirin.", "Takes atorvastatin 20 mg at night."];

    private static NaiveBayesTextClassifier Trained() => NaiveBayesTextClassifier.Fit(
        [.. Allergy, .. Medications], [.. Allergy.Select(_ => "ALLERGY"), .. Medications.Select(_ => "MEDICATIONS")]);

    [Fact]
    public void Predict_TwoObviousClasses_SeparatesNewTexts()
    {
        // Given a classifier trained on allergy and medication sections
        var classifier = Trained();

        // When it reads sections it has not seen, sharing only some words with training
        var predicted = new[] { "Allergic to codeine.", "No drug allergies known.", "Metformin 1000 mg daily.", "Aspirin 81 mg daily." }
            .Select(classifier.Predict).ToList();

        // Then each goes to its class
        Assert.Equal(["ALLERGY", "ALLERGY", "MEDICATIONS", "MEDICATIONS"], predicted);
        Assert.Equal(["ALLERGY", "MEDICATIONS"], classifier.Classes);
    }

    [Fact]
    public void Predict_NoKnownWord_FallsBackOnThePrior_AndGetsTheRareClassWrong()
    {
        // Given training with more allergy sections (4) than medication sections (3)
        var classifier = Trained();

        // When the texts carry no word seen in training, only the prior is left to decide
        var truth = new[] { "MEDICATIONS", "MEDICATIONS", "ALLERGY" };
        var predicted = new[] { "Zolpidem nightly.", "Warfarin.", "Latex." }.Select(classifier.Predict).ToList();

        // Then everything is called the majority class: the medication sections are wrong
        Assert.All(predicted, p => Assert.Equal("ALLERGY", p));
        var score = TextClassificationScore.Of(truth, predicted);
        Assert.Equal(1.0 / 3, score.Accuracy, 10);
    }

    [Fact]
    public void Features_WordsLowerCased_ThenNeighbouringPairs()
    {
        Assert.Equal(["chest", "pain", "2", "chest pain", "pain 2"], NaiveBayesTextClassifier.Features("Chest-PAIN, 2"));
    }

    [Fact]
    public void Fit_LabelsMissing_SaysSo()
    {
        var e = Assert.Throws<ArgumentException>(() => NaiveBayesTextClassifier.Fit(["a", "b"], ["X"]));
        Assert.Contains("one label per text", e.Message);
    }
}
