using Arcanum.Data.Images;

namespace Arcanum.Data.Tests.Images;

public sealed class ImageFolderWriterTests : IDisposable
{
    private const int Size = 16;

    private readonly ImageFixtures _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>A fresh folder beside the fixtures' root, inside the per-test temporary folder.</summary>
    private string Parent => Path.GetDirectoryName(_files.Root)!;

    private string Output => Path.Combine(Parent, "generated");

    [Fact]
    public void Write_ThenScanAndLoad_GivesBackThePixelsAndMasks()
    {
        // Given three slices at two sites, with values below 0 and above 1 that clamp
        var random = new Random(5);
        GeneratedSlice Slice(string site, string patient, string name) => new(site, patient, name,
            [.. Enumerable.Range(0, Size * Size).Select(_ => (float)(random.NextDouble() * 1.4 - 0.2))],
            Planes.Rect(Size, random.Next(8), random.Next(8), 5, 4));
        GeneratedSlice[] slices =
            [Slice("hf", "p1", "002_flair"), Slice("hf", "p1", "010_flair"), Slice("unc", "p9", "brain_z003")];

        // When
        var written = ImageFolderWriter.Write(Output, slices, Size);
        var records = ImageFolder.Scan(Output);
        var images = ImageFolder.Load(records, Size);

        // Then the scan finds them in order, each with its mask, and the pixels come back within 1/255
        Assert.Equal(Path.Combine(Output, "hf", "p1", "002_flair.png"), written[0]);
        Assert.Equal(written, records.Select(r => r.ImagePath));
        Assert.Equal(["hf", "hf", "unc"], images.Sites);
        Assert.Equal(["p1", "p1", "p9"], images.Patients);
        Assert.Equal(slices.SelectMany(s => s.Mask), images.Masks!);
        var expected = slices.SelectMany(s => s.Pixels).Select(p => Math.Clamp(p, 0f, 1f)).ToArray();
        Assert.All(expected.Zip(images.Pixels), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 0.5f / 255
            + 1e-6f, $"{pair.First} came back as {pair.Second}"));
        Assert.Equal(["generated"], Directory.GetFileSystemEntries(Parent).Select(Path.GetFileName)
            .Where(n => n != "study"));
    }

    [Fact]
    public void Write_NonEmptyFolder_IsRefusedUnlessOverwriting()
    {
        // Given an output folder that holds a file
        Directory.CreateDirectory(Output);
        var old = Path.Combine(Output, "old.txt");
        File.WriteAllText(old, "keep me");
        GeneratedSlice[] slices = [new("s", "p", "a", new float[Size * Size], new byte[Size * Size])];

        // When / Then it is refused, telling the user about --force, and left as it was
        var error = Assert.Throws<IOException>(() => ImageFolderWriter.Write(Output, slices, Size));
        Assert.Contains("--force", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(old));

        // When overwriting, the old content is replaced
        var written = ImageFolderWriter.Write(Output, slices, Size, overwrite: true);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(written[0]));
        Assert.Equal(["generated", "study"], Directory.GetFileSystemEntries(Parent).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("s", "p", "../escape")]
    [InlineData("s", "p", "a/b")]
    [InlineData("s", "..", "a")]
    [InlineData("s/t", "p", "a")]
    [InlineData("s", "p", "")]
    [InlineData("s", "p", "001_mask")]
    public void Write_InvalidName_ThrowsAndLeavesNothingBehind(string site, string patient, string name)
    {
        // Given a valid slice first and an invalid one second
        GeneratedSlice[] slices =
        [
            new("s", "p", "ok", new float[Size * Size], new byte[Size * Size]),
            new(site, patient, name, new float[Size * Size], new byte[Size * Size]),
        ];

        // When
        Assert.Throws<ArgumentException>(() => ImageFolderWriter.Write(Output, slices, Size));

        // Then neither the output nor a temporary folder exists
        Assert.Equal(["study"], Directory.GetFileSystemEntries(Parent).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_TwoSlicesWithOnePath_Throws()
    {
        GeneratedSlice[] slices =
        [
            new("s", "p", "a", new float[Size * Size], new byte[Size * Size]),
            new("s", "p", "a", new float[Size * Size], new byte[Size * Size]),
        ];

        Assert.Throws<ArgumentException>(() => ImageFolderWriter.Write(Output, slices, Size));
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void SliceName_PngAndVolumeSlice_AreTheFileStemAndTheStemWithTheSlice()
    {
        var png = new ImageRecord("s", "p", "/data/s/p/012_flair.png", "/data/s/p/012_flair_mask.png");
        var volume = new ImageRecord("s", "brain", "/data/s/brain.nii.gz", null, 7);

        Assert.Equal("012_flair", ImageFolderWriter.SliceName(png));
        Assert.Equal("brain_z007", ImageFolderWriter.SliceName(volume));
    }

    [Fact]
    public void GeneratedSlice_ToString_ShowsNoPixels()
    {
        var slice = new GeneratedSlice("s", "p", "a", [0.25f], [1]);

        Assert.Equal("GeneratedSlice(s/p/a)", slice.ToString());
    }
}
