using Arcanum.Synthesis.Evaluation;
using Arcanum.Synthesis.Evaluation.Classifiers;

namespace Arcanum.Synthesis.Tests.Evaluation;

public sealed class ClassifierTests
{
    public static TheoryData<string> Both => new() { "logistic_regression", "random_forest" };

    [Theory]
    [MemberData(nameof(Both))]
    public void Fit_LinearlySeparableClasses_ReachesHighAccuracyOnNewRows(string name)
    {
        // Given: class 1 when x0 + x1 > 0, with a margin, plus a noise feature.
        var (train, trainLabels) = Separable(400, seed: 1);
        var (test, testLabels) = Separable(400, seed: 2);

        // When
        var model = Create(name).Fit(train, 3, trainLabels, 2);
        var probabilities = model.PredictProbabilities(test, testLabels.Length);

        // Then
        Assert.True(Accuracy(probabilities, testLabels, 2) >= 0.97, $"{name} accuracy {Accuracy(probabilities, testLabels, 2)}");
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void RandomForest_XorOfTwoFeatures_LearnsTheInteractionThatLogisticRegressionCannot()
    {
        var (train, trainLabels) = Xor(600, seed: 3);
        var (test, testLabels) = Xor(600, seed: 4);

        var forest = new RandomForest(50, 12, seed: 1).Fit(train, 2, trainLabels, 2).PredictProbabilities(test, testLabels.Length);
        var linear = new LogisticRegression().Fit(train, 2, trainLabels, 2).PredictProbabilities(test, testLabels.Length);

        Assert.True(Accuracy(forest, testLabels, 2) >= 0.9);
        Assert.InRange(Accuracy(linear, testLabels, 2), 0.35, 0.65);
    }

    [Theory]
    [MemberData(nameof(Both))]
    public void Fit_ThreeClassesInThreeClusters_PredictsEachCluster(string name)
    {
        var random = new Random(5);
        var centres = new[] { (0.0, 4.0), (-4.0, -2.0), (4.0, -2.0) };
        var features = new float[600 * 2];
        var labels = new int[600];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = i % 3;
            features[2 * i] = (float)(centres[labels[i]].Item1 + Cohorts.Normal(random));
            features[2 * i + 1] = (float)(centres[labels[i]].Item2 + Cohorts.Normal(random));
        }

        var probabilities = Create(name).Fit(features[..600], 2, labels[..300], 3).PredictProbabilities(features[600..], 300);

        Assert.True(Accuracy(probabilities, labels[300..], 3) >= 0.95);
        for (var i = 0; i < 300; i++) Assert.Equal(1f, probabilities[3 * i] + probabilities[3 * i + 1] + probabilities[3 * i + 2], 3);
    }

    [Theory]
    [MemberData(nameof(Both))]
    public void Fit_SameData_GivesIdenticalProbabilities(string name)
    {
        var (train, labels) = Xor(300, seed: 6);

        var first = Create(name).Fit(train, 2, labels, 2).PredictProbabilities(train, labels.Length);
        var second = Create(name).Fit(train, 2, labels, 2).PredictProbabilities(train, labels.Length);

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Both))]
    public void Fit_OnlyOneClassInTrainingRows_PredictsThatClassWithoutFailing(string name)
    {
        var (train, _) = Separable(50, seed: 7);

        var probabilities = Create(name).Fit(train, 3, new int[50], 3).PredictProbabilities(train, 50);

        for (var i = 0; i < 50; i++) Assert.Equal([1f, 0f, 0f], probabilities[(3 * i)..(3 * i + 3)]);
    }

    [Fact]
    public void MacroF1_HandCase_AveragesPerClassF1()
    {
        // Labels 0,0,1,1; predicted 0,1,1,1: class 0 F1 = 2/3, class 1 F1 = 0.8.
        float[] probabilities = [0.9f, 0.1f, 0.4f, 0.6f, 0.2f, 0.8f, 0.3f, 0.7f];

        var f1 = ClassScores.MacroF1Of([0, 0, 1, 1], probabilities, 2);

        Assert.Equal((2.0 / 3 + 0.8) / 2, f1, 12);
    }

    private static IClassifier Create(string name) => name == "random_forest" ? new RandomForest(100, 16, seed: 42) : new LogisticRegression();

    private static (float[] Features, int[] Labels) Separable(int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows * 3];
        var labels = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            labels[i] = i % 2;
            var side = labels[i] == 1 ? 1 : -1;
            var a = Cohorts.Normal(random);
            features[3 * i] = (float)(a + side * (1 + Math.Abs(Cohorts.Normal(random))));
            features[3 * i + 1] = (float)(-a + side * (1 + Math.Abs(Cohorts.Normal(random))));
            features[3 * i + 2] = (float)Cohorts.Normal(random);
        }
        return (features, labels);
    }

    private static (float[] Features, int[] Labels) Xor(int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows * 2];
        var labels = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var x = random.NextDouble() * 2 - 1;
            var y = random.NextDouble() * 2 - 1;
            features[2 * i] = (float)x;
            features[2 * i + 1] = (float)y;
            labels[i] = x * y > 0 ? 1 : 0;
        }
        return (features, labels);
    }

    private static double Accuracy(float[] probabilities, int[] labels, int classCount)
    {
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = probabilities.AsSpan(i * classCount, classCount);
            var best = 0;
            for (var k = 1; k < classCount; k++)
            {
                if (row[k] > row[best]) best = k;
            }
            if (best == labels[i]) correct++;
        }
        return (double)correct / labels.Length;
    }
}
