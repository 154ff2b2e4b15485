using Arcanum.Data.Images;

namespace Arcanum.Data.Tests.Images;

public sealed class ImageFolderScanTests : IDisposable
{
    private readonly ImageFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Scan_SitePatientFolders_PairsMasksAndOrdersNaturally()
    {
        // Given two sites, slices 2 and 10 written out of order, and a stray CSV
        _files.Slice("b-site/p2", 10, tumour: false);
        _files.Slice("b-site/p2", 2, tumour: true);
        _files.Slice("a-site/p1", 1, tumour: false);
        _files.Text("notes.csv", "x\n1\n");

        // When
        var records = ImageFolder.Scan(_files.Root);

        // Then
        Assert.Equal(["a-site/p1/001", "b-site/p2/002", "b-site/p2/010"],
            records.Select(r => $"{r.Site}/{r.Patient}/{Path.GetFileName(r.ImagePath)[..3]}"));
        Assert.All(records, r => Assert.Equal(r.ImagePath.Replace("_flair", "_mask"), r.MaskPath));
    }

    [Fact]
    public void Scan_PatientFoldersOnly_OneSiteNamedAfterRoot()
    {
        // Given <root>/<patient>/ with a mask named S_mask for image S
        _files.Grey8("p7/slice.png", 2, 2, (_, _) => 1);
        _files.Grey8("p7/slice_mask.png", 2, 2, (_, _) => 0);

        // When
        var record = Assert.Single(ImageFolder.Scan(_files.Root));

        // Then
        Assert.Equal(("study", "p7"), (record.Site, record.Patient));
        Assert.EndsWith("slice_mask.png", record.MaskPath);
    }

    [Fact]
    public void Scan_VolumesInSiteFolder_EachVolumeIsAPatientWithOneRecordPerSlice()
    {
        // Given two 2x2x3 volumes directly in a site folder
        foreach (var name in new[] { "pa", "pb" })
        {
            _files.Nifti($"site1/{name}.nii.gz", [2, 2, 3], 2, new double[12]);
            _files.Nifti($"site1/{name}_mask.nii.gz", [2, 2, 3], 2, new double[12]);
        }

        // When
        var records = ImageFolder.Scan(_files.Root);

        // Then
        Assert.Equal(6, records.Count);
        Assert.Equal(["pa", "pa", "pa", "pb", "pb", "pb"], records.Select(r => r.Patient));
        Assert.Equal([0, 1, 2, 0, 1, 2], records.Select(r => r.Slice!.Value));
        Assert.All(records, r => Assert.Equal("site1", r.Site));
    }

    [Fact]
    public void Scan_SiteTable_AssignsSitesByPatient()
    {
        // Given patient folders and a table whose patient ids have leading zeros
        _files.Slice("007", 1, tumour: true);
        _files.Slice("012", 1, tumour: false);
        var table = _files.Text("../patients.csv", "site,patient,age\nnorth,007,40\nsouth,012,51\n");

        // When
        var records = ImageFolder.Scan(_files.Root, new ImageFolderOptions { SiteTable = table, SiteColumn = "site" });

        // Then
        Assert.Equal([("north", "007"), ("south", "012")], records.Select(r => (r.Site, r.Patient)));
    }

    [Fact]
    public void Scan_PatientMissingFromTable_NamesThePatient()
    {
        // Given
        _files.Slice("p1", 1, tumour: true);
        _files.Slice("p2", 1, tumour: true);
        var table = _files.Text("../patients.csv", "site,patient\nnorth,p1\n");

        // When
        var error = Assert.Throws<ImageDataException>(() =>
            ImageFolder.Scan(_files.Root, new ImageFolderOptions { SiteTable = table, SiteColumn = "site" }));

        // Then
        Assert.Contains("Patient 'p2'", error.Message);
        Assert.Contains("patients.csv", error.Message);
    }

    [Fact]
    public void Scan_MissingRoot_SaysTheFolderDoesNotExist()
    {
        var missing = Path.Combine(_files.Root, "nope");

        var error = Assert.Throws<ImageDataException>(() => ImageFolder.Scan(missing));

        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Scan_NoImages_ListsTheExtensionsLookedFor()
    {
        _files.Text("p1/readme.txt", "nothing here");

        var error = Assert.Throws<ImageDataException>(() => ImageFolder.Scan(_files.Root));

        Assert.Contains(".png", error.Message);
        Assert.Contains(".nii.gz", error.Message);
        Assert.Contains(".dcm", error.Message);
    }

    [Fact]
    public void Scan_ImageWithoutMask_NamesTheImageAndTheMaskExpected()
    {
        // Given
        _files.Slice("p1", 1, tumour: true);
        _files.Grey8("p1/002_flair.png", 2, 2, (_, _) => 0);

        // When
        var error = Assert.Throws<ImageDataException>(() => ImageFolder.Scan(_files.Root));

        // Then
        Assert.Contains("002_flair.png", error.Message);
        Assert.Contains("002_mask.png", error.Message);
    }

    [Fact]
    public void Scan_ImageWithoutMaskWhenMasksOptional_KeepsItWithoutMask()
    {
        _files.Grey8("p1/002_flair.png", 2, 2, (_, _) => 0);

        var record = Assert.Single(ImageFolder.Scan(_files.Root, new ImageFolderOptions { RequireMasks = false }));

        Assert.Null(record.MaskPath);
    }

    [Fact]
    public void Scan_MaskWithoutImage_NamesTheMask()
    {
        // Given
        _files.Slice("p1", 1, tumour: true);
        _files.Grey8("p1/003_mask.png", 2, 2, (_, _) => 0);

        // When
        var error = Assert.Throws<ImageDataException>(() => ImageFolder.Scan(_files.Root));

        // Then
        Assert.Contains("003_mask.png", error.Message);
        Assert.Contains("has no image", error.Message);
    }

    [Fact]
    public void Scan_SlicesDirectlyInRoot_AsksForPatientFolders()
    {
        _files.Slice(".", 1, tumour: true);

        var error = Assert.Throws<ImageDataException>(() => ImageFolder.Scan(_files.Root));

        Assert.Contains("001_flair.png", error.Message);
        Assert.Contains("<patient>", error.Message);
    }
}
