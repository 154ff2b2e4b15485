using Arcanum.Core.Learning;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Tests.Jobs;

public sealed class JobSpecSegmentationTests
{
    [Fact]
    public void Problems_SegmentationWithLogreg_SaysToUseUnet()
    {
        var job = new JobSpec { Data = "mri", Task = "segmentation" };
        Assert.Contains(job.Problems(), p => p.Contains("segmentation needs the unet model", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_UnetForClassification_SaysToSetTheTask()
    {
        var job = new JobSpec { Data = "mri", Model = "unet" };
        Assert.Contains(job.Problems(), p => p.Contains("\"task\": \"segmentation\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_MisspelledTask_SuggestsTheNearest()
    {
        var job = new JobSpec { Data = "mri", Task = "segmentaton" };
        Assert.Contains(job.Problems(), p => p.Contains("segmentation", StringComparison.Ordinal) && p.Contains("task must be", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_SegmentationWithSampleDp_IsRefusedNotIgnored()
    {
        var job = new JobSpec { Data = "mri", Task = "segmentation", Model = "unet", Dp = new SampleDpOptions { Epsilon = 3 } };
        Assert.Contains(job.Problems(), p => p.Contains("not supported for segmentation", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SegmentationJob_RoundTripsAndTurnsAugmentationOn()
    {
        // Given a segmentation job as a user writes it
        var job = JobSpec.Parse("""{"data": "lgg_mri", "task": "segmentation", "model": "unet", "image_size": 64, "hidden": [8, 16, 32]}""");

        // When its training settings are derived
        var options = StudyModel.TrainingOptions(job, classWeights: null);

        // Then augmentation is on by default, and the JSON round-trips
        Assert.Equal(ImageAugmentation.Default, options.Augmentation);
        Assert.Equal(64, JobSpec.Parse(job.ToJson()).ImageSize);
        Assert.Null(StudyModel.TrainingOptions(job with { Augment = false }, classWeights: null).Augmentation);
        Assert.Null(StudyModel.TrainingOptions(new JobSpec(), classWeights: null).Augmentation);
    }

    [Fact]
    public void Spec_UnetOnImages_UsesLevelWidths()
    {
        var job = new JobSpec { Data = "mri", Task = "segmentation", Model = "unet" };
        var spec = StudyModel.Spec(job, [1, 128, 128], 2, "mri");
        Assert.Equal(ModelKind.UNet, spec.Kind);
        Assert.Equal(ModelSpec.DefaultUNetWidths, spec.HiddenSizes);
        Assert.Throws<JobSpecException>(() => StudyModel.Spec(job, [12], 2, "table.csv"));
    }
}
