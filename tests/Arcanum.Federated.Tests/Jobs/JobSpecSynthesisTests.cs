using Arcanum.Federated.Jobs;
using Arcanum.Core.Learning;

namespace Arcanum.Federated.Tests.Jobs;

public sealed class JobSpecSynthesisTests
{
    [Fact]
    public void Parse_ImageSynthesisJobWithoutSettings_TakesImagesSynthFitsDefaults()
    {
        var job = JobSpec.Parse("""{"data": "lgg", "task": "image_synthesis", "rounds": 20}""");

        var sent = (job with { Synthesis = job.SynthesisOptions }).ToJson();
        Assert.True(job.IsImageSynthesis);
        foreach (var key in new[] { "\"discriminator_width\": 32", "\"discriminator_layers\": 3", "\"batch_size\": 16", "\"lr\": 0.0002", "\"beta1\": 0.5", "\"l1_weight\": 100" })
            Assert.Contains(key, sent, StringComparison.Ordinal);
        Assert.Equal([32, 64, 128, 256], JobSpec.Parse(sent).Synthesis!.GeneratorWidths);
    }

    [Theory]
    [InlineData("""{"data": "lgg", "task": "image_synthesis", "algorithm": "fedprox"}""", "nothing is averaged")]
    [InlineData("""{"data": "lgg", "task": "image_synthesis", "lr": 0.01}""", "synthesis.lr")]
    [InlineData("""{"data": "lgg", "task": "image_synthesis", "batch_size": 4}""", "synthesis.batch_size")]
    [InlineData("""{"data": "lgg", "task": "image_synthesis", "model": "unet"}""", "leave \"model\" out")]
    [InlineData("""{"data": "lgg", "task": "image_synthesis", "fraction": 0.5}""", "every site takes part in every step")]
    [InlineData("""{"data": "lgg", "task": "image_synthesis", "secure_aggregation": true, "min_sites": 3}""", "has none of them yet")]
    [InlineData("""{"data": "lgg", "task": "image_synthesis", "synthesis": {"generator_widths": [12, 24]}}""", "synthesis.generator_widths")]
    [InlineData("""{"data": "lgg", "task": "image_synthesis", "synthesis": {"discriminator_layers": 0}}""", "synthesis.discriminator_layers")]
    [InlineData("""{"data": "lgg", "task": "segmentation", "model": "unet", "synthesis": {}}""", "set \"task\": \"image_synthesis\"")]
    public void Parse_ASettingAnImageSynthesisJobCannotHave_IsRefusedInTheJobFilesTerms(string json, string expected)
    {
        var error = Assert.Throws<JobSpecException>(() => JobSpec.Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_DpOnAnImageSynthesisJob_IsRefusedNotIgnored()
    {
        var problems = new JobSpec { Data = "lgg", Task = JobSpec.ImageSynthesisTask, Dp = new SampleDpOptions { Epsilon = 3 } }.Problems();
        Assert.Contains(problems, p => p.Contains("dp, client_dp and secure_aggregation", StringComparison.Ordinal));
    }
}
