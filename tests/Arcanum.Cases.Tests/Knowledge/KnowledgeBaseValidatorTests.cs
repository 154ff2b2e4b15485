using Arcanum.Cases.Knowledge;
using Arcanum.Cases.Tests.Support;

namespace Arcanum.Cases.Tests.Knowledge;

/// <summary>Each kind of mistake in a knowledge base is reported, naming where it is, before anything is drawn.</summary>
public sealed class KnowledgeBaseValidatorTests
{
    [Fact]
    public void Validate_TinyKb_Passes() => KnowledgeBaseValidator.Validate(TinyKb.Create());

    [Fact]
    public void Validate_UnknownFindingNamedByADisease_NamesDiseaseAndFinding()
    {
        var kb = TinyKb.Create();
        kb = kb with { Diseases = [kb.Diseases[0] with { Findings = [.. kb.Diseases[0].Findings, new DiseaseFinding { Id = "cough", P = 0.5 }] }, .. kb.Diseases.Skip(1)] };

        var e = Assert.Throws<CasesException>(() => KnowledgeBaseValidator.Validate(kb));

        Assert.Contains("disease 'Flu' names finding 'cough', which is not in findings", e.Message);
    }

    [Theory]
    [InlineData(1.2)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Validate_ProbabilityOutsideZeroOne_Reported(double p)
    {
        var kb = TinyKb.Create();
        var flu = kb.Diseases[0];
        kb = kb with { Diseases = [flu with { Findings = [flu.Findings[0] with { P = p }, .. flu.Findings.Skip(1)] }, .. kb.Diseases.Skip(1)] };

        var e = Assert.Throws<CasesException>(() => KnowledgeBaseValidator.Validate(kb));

        Assert.Contains("disease 'Flu', finding 'fever': probability", e.Message);
        Assert.Contains("outside [0, 1]", e.Message);
    }

    [Fact]
    public void Validate_GatingCycle_ShowsTheCycle()
    {
        var kb = TinyKb.Create();
        kb = kb with { Findings = [.. kb.Findings.Select(f => f.Id == "pain" ? f with { Gate = "where" } : f)] };

        var e = Assert.Throws<CasesException>(() => KnowledgeBaseValidator.Validate(kb));

        Assert.Contains("gating has a cycle: pain -> where -> pain", e.Message);
    }

    [Fact]
    public void Validate_SeveralProblems_ListsEach()
    {
        var kb = TinyKb.Create();
        kb = kb with
        {
            Population = kb.Population with { AgeBands = [new AgeBand("young", 0, 50, 1), new AgeBand("old", 40, 99, 1)] },
            Findings = [.. kb.Findings.Select(f => f.Id == "where" ? f with { Gate = "nowhere" } : f)],
        };

        var problems = KnowledgeBaseValidator.Problems(kb);

        Assert.Contains(problems, p => p.Contains("age bands 'young' and 'old' overlap", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("finding 'where' is gated by 'nowhere', which is not a finding", StringComparison.Ordinal));
        // The diseases' age factors name '0-39', which no longer exists.
        Assert.Contains(problems, p => p.Contains("age factor for '0-39', which is not an age band", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CategoricalSharesNotSummingToOne_Reported()
    {
        var kb = TinyKb.Create();
        var flu = kb.Diseases[0];
        var intensity = flu.Findings[3] with { Values = new Dictionary<string, double> { ["1"] = 0.7, ["2"] = 0.2 } };
        kb = kb with { Diseases = [flu with { Findings = [.. flu.Findings.Take(3), intensity] }, .. kb.Diseases.Skip(1)] };

        var e = Assert.Throws<CasesException>(() => KnowledgeBaseValidator.Validate(kb));

        Assert.Contains("finding 'intensity': the shares of a categorical finding sum to 0.9, not 1", e.Message);
    }

    [Fact]
    public void Validate_ValueTheFindingDoesNotHave_Reported()
    {
        var kb = TinyKb.Create();
        var angina = kb.Diseases[1];
        var where = angina.Findings[1] with { Values = new Dictionary<string, double> { ["arm"] = 0.5 } };
        kb = kb with { Diseases = [kb.Diseases[0], angina with { Findings = [angina.Findings[0], where, .. angina.Findings.Skip(2)] }, kb.Diseases[2]] };

        var e = Assert.Throws<CasesException>(() => KnowledgeBaseValidator.Validate(kb));

        Assert.Contains("disease 'Angina', finding 'where': value 'arm' is not one of the finding's values", e.Message);
    }

    [Fact]
    public void Validate_LabelForAValueTheFindingDoesNotHave_Reported()
    {
        var kb = TinyKb.Create();
        var where = kb.Findings[2] with { ValueLabels = new Dictionary<string, string> { ["arm"] = "the left arm" } };
        kb = kb with { Findings = [kb.Findings[0], kb.Findings[1], where, .. kb.Findings.Skip(3)] };

        var e = Assert.Throws<CasesException>(() => KnowledgeBaseValidator.Validate(kb));

        Assert.Contains("finding 'where' has a label for 'arm', which is not one of its values", e.Message);
    }
}
