using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Tests.Setup;

public sealed class ImagePreparationTests
{
    [Fact]
    public void EachSiteAlone_WithTheSummedSums_PreparesExactlyTheSimulatorsSites()
    {
        // Given three hospitals' image folders side by side, as the simulator reads them
        using var dir = new TempDir();
        var root = dir.Sub("mri");
        string[] hospitals = ["alpha", "beta", "gamma"];
        PhantomHospitals.Write(root, seed: 11, hospitals);
        var job = new JobSpec { Data = root, Task = JobSpec.SegmentationTask, Model = "unet", ImageSize = 16, Seed = 5 };

        // When each hospital loads only its own folder and splits it, and the setup is decided from their sums alone
        var study = ImageStudy.Load(job);
        var splits = hospitals.Select(h => ImagePreparation.Split(job, ImagePreparation.LoadSite(job, Path.Combine(root, h)), h)).ToList();
        var setup = ImagePreparation.Decide(splits.Select(s => ImagePreparation.Sums(s.Train)), 16, 1);
        var preprocessing = Data.Images.ImagePreprocessing.FromJson(setup.EncoderJson!);

        // Then the normalisation and every site's training and held-out images are the simulator's, bit for bit
        Assert.Equal(study.EncoderJson, setup.EncoderJson);
        Assert.Equal([1, 16, 16], setup.SampleShape);
        for (var i = 0; i < hospitals.Length; i++)
        {
            var site = ImagePreparation.ToSiteData(hospitals[i], splits[i], preprocessing);
            var expected = study.Sites[i];
            Assert.Equal(expected.Name, site.Name);
            Assert.Equal(expected.Train.Features, site.Train.Features);
            Assert.Equal(expected.Train.Masks, site.Train.Masks);
            Assert.Equal(expected.Holdout.Features, site.Holdout.Features);
            Assert.Equal(expected.Holdout.Groups, site.Holdout.Groups);
            Assert.NotEmpty(site.Holdout.Groups!);
            Assert.Empty(site.Train.Groups!.Intersect(site.Holdout.Groups!));   // whole patients on one side
        }
    }
}
