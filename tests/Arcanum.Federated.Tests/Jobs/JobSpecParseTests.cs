using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Tests.Jobs;

/// <summary>A bad job is refused at once (at submit, on a network) with a message in the job file's own words.</summary>
public sealed class JobSpecParseTests
{
    [Fact]
    public void Parse_MisspelledKey_SaysUnknownAndSuggestsTheNearest()
    {
        // When
        var e = Assert.Throws<JobSpecException>(() => JobSpec.Parse("""{ "data": "pbc3", "local_epoch": 3 }"""));

        // Then
        Assert.Contains("\"local_epoch\" is not a job key", e.Message);
        Assert.Contains("Did you mean 'local_epochs'?", e.Message);
        Assert.Contains("Known keys: data, task, image_size, augment, name, target", e.Message);
        Assert.DoesNotContain(".NET", e.Message);
        Assert.DoesNotContain("Arcanum.Federated", e.Message);
    }

    [Fact]
    public void Parse_NumberInQuotes_SaysWholeNumberWithoutATypeName()
    {
        var e = Assert.Throws<JobSpecException>(() => JobSpec.Parse("""{ "rounds": "10" }"""));

        Assert.Contains("rounds must be a whole number", e.Message);
        Assert.Contains("\"10\"", e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    [Theory]
    [InlineData("""{ "lr": "fast" }""", "lr must be a number")]
    [InlineData("""{ "rounds": 2.5 }""", "rounds must be a whole number")]
    [InlineData("""{ "exclude": "ptno" }""", "exclude must be a list of names")]
    [InlineData("""{ "hidden": [64, "32"] }""", "hidden must be a list of whole numbers")]
    [InlineData("""{ "positive": 2 }""", "positive must be text in quotes, e.g. positive: \"2\"")]
    [InlineData("""{ "algorithm": null }""", "algorithm cannot be null")]
    [InlineData("""{ "rounds": 10, }x""", "not valid JSON")]
    [InlineData("""[1, 2]""", "must be a JSON object")]
    public void Parse_ValueOfTheWrongKind_NamesTheKeyAndWhatItNeeds(string json, string expected)
    {
        var e = Assert.Throws<JobSpecException>(() => JobSpec.Parse(json));

        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    [Fact]
    public void Parse_MisspelledAlgorithm_RefusesAndSuggests()
    {
        var e = Assert.Throws<JobSpecException>(() => JobSpec.Parse("""{ "algorithm": "fedavgg" }"""));

        Assert.Contains("algorithm must be one of fedavg, fedprox", e.Message);
        Assert.Contains("Did you mean 'fedavg'?", e.Message);
        Assert.DoesNotContain("Parameter", e.Message);
    }

    [Theory]
    [InlineData("""{ "model": "mpl" }""", "Did you mean 'mlp'?")]
    [InlineData("""{ "optimizer": "adamw" }""", "Did you mean 'adam'?")]
    [InlineData("""{ "class_weights": "balance" }""", "Did you mean 'balanced'?")]
    public void Parse_MisspelledName_SuggestsTheNearest(string json, string expected)
    {
        var e = Assert.Throws<JobSpecException>(() => JobSpec.Parse(json));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Parse_SeveralBadKeys_ListsEveryOne()
    {
        var e = Assert.Throws<JobSpecException>(() => JobSpec.Parse("""{ "round": 3, "lr": "0.1", "batch_size": "big" }"""));

        Assert.Contains("Did you mean 'rounds'?", e.Message);
        Assert.Contains("lr must be a number", e.Message);
        Assert.Contains("batch_size must be a whole number", e.Message);
    }

    [Fact]
    public void Parse_AlgorithmInAnyCase_IsAccepted()
    {
        var job = JobSpec.Parse("""{ "algorithm": "FedProx", "mu": 0.1 }""");

        Assert.Equal("FedProx", job.Algorithm);
    }
}
