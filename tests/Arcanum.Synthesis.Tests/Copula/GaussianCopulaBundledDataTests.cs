using Arcanum.Data;
using Arcanum.Data.Synthetic;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Copula;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Tests.Copula;

public class GaussianCopulaBundledDataTests
{
    [Fact]
    public void Fit_PimaDiabetes_GivesFaithfulRowsAndServesASubgroup()
    {
        // Given: the bundled Pima table as the CLI reads it (zeros that mean "not measured" are missing)
        var dataset = BundledDatasets.Get("pima");
        var real = CsvTableReader.Read(dataset.ResolvePath(), dataset.ReadOptions);
        var schema = TableSchema.Learn(real);

        // When
        var model = GaussianCopula.Fit(real, schema);
        var synthetic = model.Generate(3000, null, seed: 1);
        var subgroup = ConditionalSampler.Sample(model, 300, RowConditions.Parse("diabetes = pos and age >= 50", schema), seed: 2);

        // Then
        var score = Fidelity.Score(real, synthetic);
        Assert.True(score.Overall >= 0.85, score.ToString());
        Assert.Equal(real["insulin"].MissingCount / (double)real.RowCount, synthetic["insulin"].MissingCount / (double)synthetic.RowCount, 0.04);
        Assert.True(subgroup.AcceptanceRate >= 0.9, $"acceptance {subgroup.AcceptanceRate}"); // 1/1.1 is the most the sampler reports: it overdraws its first batch by 10%
        Assert.All(CopulaTestData.Numbers(subgroup.Rows, "age"), a => Assert.True(a >= 50));
    }
}
