using Arcanum.Provisioning;

namespace Arcanum.Network.Tests;

/// <summary>The network commands refuse bad input with exit code 2 and one line naming the problem, before touching the network.</summary>
public sealed class NetworkCliErrorTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _kits;

    public NetworkCliErrorTests()
    {
        // Port 9 (discard): nothing listens there, so a call that gets as far as the network fails fast.
        var yaml = _dir.File("project.yml", """
            name: demo
            server: { host: 127.0.0.1, port: 9 }
            sites: [hospital-a]
            admins:
              - { name: admin@example.org, role: project-admin }
            """);
        _kits = _dir.Sub("kits");
        Provisioner.Provision(yaml, _kits);
    }

    public void Dispose() => _dir.Dispose();

    private string Kit(string name) => Path.Combine(_kits, name);

    [Theory]
    [InlineData("pima", "--data takes NAME=path.csv")]
    [InlineData("pima=", "--data takes NAME=path.csv")]
    [InlineData("pima=/no/such/file.csv", "does not exist")]
    public void Site_with_bad_data_mapping(string mapping, string message)
    {
        var run = CliRun.Of("site", "--kit", Kit("hospital-a"), "--data", mapping);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void Site_with_a_notes_folder_that_is_not_utf8_or_an_empty_folder_stops_before_registering_and_says_why()
    {
        var notes = Directory.CreateDirectory(_dir.Sub("notes")).FullName;
        File.WriteAllBytes(Path.Combine(notes, "visit.txt"), [0x63, 0x61, 0x66, 0xE9, 0x0A]);   // "café" in Latin-1
        var empty = Directory.CreateDirectory(_dir.Sub("empty")).FullName;

        var latin = CliRun.Of("site", "--kit", Kit("hospital-a"), "--data", $"notes={notes}");
        var nothing = CliRun.Of("site", "--kit", Kit("hospital-a"), "--data", $"notes={empty}");

        Assert.Equal(2, latin.ExitCode);
        Assert.Contains("'visit.txt' is not UTF-8 text", latin.Error);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("is empty; a dataset folder holds images with their masks (segmentation jobs) or notes", nothing.Error);
    }

    [Fact]
    public void Site_with_an_image_folder_whose_image_lacks_its_mask_names_the_file_before_registering()
    {
        // Given a hospital's image folder in which one slice has no mask
        var folder = _dir.Sub("mri/hospital-a");
        PhantomHospitals.Write(_dir.Sub("mri"), seed: 1, "hospital-a");
        var orphan = Directory.GetFiles(folder, "*_mask.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.Delete(orphan);

        // When the site starts with it
        var run = CliRun.Of("site", "--kit", Kit("hospital-a"), "--data", $"lgg={folder}");

        // Then it stops at once, naming the image, without reaching the (absent) server
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(Path.GetFileName(orphan).Replace("_mask", "_flair", StringComparison.Ordinal), run.Error);
    }

    [Fact]
    public void Site_with_a_missing_kit_or_someone_elses_kit()
    {
        var csv = _dir.File("a.csv", "x,y\n1,0\n2,1\n");
        var missing = CliRun.Of("site", "--kit", _dir.Sub("nope"), "--data", $"d={csv}");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope", missing.Error);
        var server = CliRun.Of("site", "--kit", Kit("server"), "--data", $"d={csv}");
        Assert.Equal(2, server.ExitCode);
        Assert.Contains("server kit, not a site's", server.Error);
        var asServer = CliRun.Of("server", "--kit", Kit("hospital-a"));
        Assert.Equal(2, asServer.ExitCode);
        Assert.Contains("not the server's", asServer.Error);
    }

    [Theory]
    [InlineData("age", "age=0-100", "--range 'age=0-100' is not COLUMN=LOW:HIGH")]
    [InlineData("age", "bili=0:9", "Column 'age' has no declared range")]
    [InlineData("age,age", "age=0:9", "Column 'age' is named twice")]
    public void Admin_stats_checks_the_query_before_sending_it(string columns, string range, string message)
    {
        // Given / When a malformed query (the server at port 9 would fail differently)
        var run = CliRun.Of("admin", "--kit", Kit("admin@example.org"), "stats", "--data", "pima", "--columns", columns, "--range", range);

        // Then one line naming the problem, exit 2, nothing printed
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Admin_checks_the_job_before_sending_it()
    {
        var job = _dir.File("job.json", """{ "rounds": 0, "lr": -1 }""");
        var run = CliRun.Of("admin", "--kit", Kit("admin@example.org"), "submit", job);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rounds must be at least 1", run.Error);
        Assert.Contains("lr must be a positive number", run.Error);
        var missing = CliRun.Of("admin", "--kit", Kit("admin@example.org"), "submit", _dir.Sub("none.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error);
    }

    [Fact]
    public void Admin_without_a_server_says_it_cannot_reach_it()
    {
        var run = CliRun.Of("admin", "--kit", Kit("admin@example.org"), "sites");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot reach the server", run.Error);
    }

    [Fact]
    public void Admin_refuses_to_download_into_a_folder_with_files()
    {
        var out_ = _dir.Sub("results");
        Directory.CreateDirectory(out_);
        File.WriteAllText(Path.Combine(out_, "keep.txt"), "mine");
        var run = CliRun.Of("admin", "--kit", Kit("admin@example.org"), "download", "job-1", "--out", out_);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not empty", run.Error);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(out_, "keep.txt")));
    }

    [Fact]
    public void A_site_kit_is_not_an_admin_kit()
    {
        var run = CliRun.Of("admin", "--kit", Kit("hospital-a"), "list");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not an admin's", run.Error);
    }
}
