using System.Security.Cryptography.X509Certificates;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.SecureAggregation;
using Arcanum.Network.Site;
using Arcanum.Network.Transport;
using Arcanum.Provisioning;

namespace Arcanum.Network.Tests.Site;

/// <summary>
/// A secure-aggregation round whose every message goes through its wire form (JSON checked against the
/// protocol's schemas, the masked update as a U32 safetensors payload), between sites holding real kit
/// certificates: the sum is right, and a server that swaps a site's certificate or keys is caught.
/// </summary>
public sealed class SecureStepsOnTheWireTests : IDisposable
{
    private static readonly string[] Names = ["hospital-a", "hospital-b", "hospital-c"];
    private static readonly ModelWeights Global = new([new NamedArray("w", [3], [1f, 2f, 3f])]);
    private static readonly float[][] Deltas = [[0.1f, -0.2f, 0.3f], [0.5f, 0.1f, -0.4f], [-0.3f, 0.2f, 0.05f]];
    private static readonly long[] Samples = [10, 30, 20];

    private readonly TempDir _dir = new();
    private readonly string _kits;
    private readonly string _otherKits;

    public SecureStepsOnTheWireTests()
    {
        _kits = _dir.Sub("kits");
        _otherKits = _dir.Sub("other-kits");
        Provisioner.Provision(Project("demo"), _kits);
        Provisioner.Provision(Project("elsewhere"), _otherKits);
    }

    public void Dispose() => _dir.Dispose();

    private string Project(string name) => _dir.File(name + ".yml", $$"""
        name: {{name}}
        server: { host: 127.0.0.1, port: 9 }
        sites: [{{string.Join(", ", Names)}}]
        admins:
          - { name: admin@example.org, role: project-admin }
        """);

    private SiteKeys Keys(string site)
    {
        var kit = StartupKit.Load(Path.Combine(_kits, site));   // not disposed: the keys use its certificates
        return new SiteKeys(kit.Certificate, kit.CaCertificate, kit.Project);
    }

    private static byte[] Certificate(string kits, string name)
    {
        using var kit = StartupKit.Load(Path.Combine(kits, name));
        return kit.Certificate.RawData;
    }

    private static T Wire<T>(T document, WireDocument kind)
    {
        var json = WireJson.Write(document);
        Assert.True(WireSchemas.Check(kind, json) is null, $"{kind}: {WireSchemas.Check(kind, json)}\n{json}");
        return WireJson.Read<T>(json, kind.ToString());
    }

    [Fact]
    public void A_round_through_the_wire_forms_gives_the_weighted_mean_of_the_updates()
    {
        // Given three sites with their kits' keys, and a server that only relays
        var sites = Names.Select(n => Keys(n).CreateSecureSite(n)).ToArray();
        var server = new SecAggServer("job/1/x", [0, 1, 2], 3, new SecAggOptions { MaxWeight = 100 });
        SecureRequest Request(SecureStage stage, IReadOnlyList<KeyAdvertisement>? ads = null, SharesDelivery? delivery = null, UnmaskRequest? unmask = null) =>
            Wire(new SecureRequest(stage, server.Setup, Names, ads, delivery, unmask), WireDocument.SecureStep);

        // When the four steps run, each message in its wire form
        foreach (var site in sites) server.AddAdvertisement(Wire(site.Handle(Request(SecureStage.AdvertiseKeys)), WireDocument.SecureReply).Advertisement!);
        var advertised = server.EndAdvertiseKeys();
        Assert.All(advertised, a => Assert.NotNull(a.Certificate));
        foreach (var site in sites) server.AddShares(Wire(site.Handle(Request(SecureStage.ShareKeys, advertised)), WireDocument.SecureReply).Shares!);
        var deliveries = server.EndShareKeys();
        for (var i = 0; i < sites.Length; i++)
        {
            var trained = new ModelWeights([new NamedArray("w", [3], [.. Global.Arrays[0].Data.Zip(Deltas[i], (g, d) => g + d)])]);
            var masked = (MaskedInput)sites[i].Mask(Request(SecureStage.MaskedInput, delivery: deliveries[i]), Global, new RoundResult(Names[i], Samples[i], trained, null, 1)).Masked!;
            using var payload = new MemoryStream();
            SafeTensors.WriteUInt32(payload, Payloads.Masked, masked.Values);
            server.AddMaskedInput(new PayloadInput(masked.SiteId, server.Setup.VectorLength + 1, payload.ToArray()));
        }
        var unmask = server.EndMaskedInput();
        foreach (var site in sites) server.AddUnmaskResponse(Wire(site.Handle(Request(SecureStage.Unmask, unmask: unmask)), WireDocument.SecureReply).Unmask!);
        var result = server.Finish();

        // Then the server holds the sample-weighted mean of the changes as the sites hold them in float
        // (global + change - global), within the quantisation step
        Assert.Equal(60, result.TotalWeight);
        var mean = result.WeightedMean();
        for (var j = 0; j < 3; j++)
        {
            var expected = Enumerable.Range(0, 3).Sum(i => (double)(Global.Arrays[0].Data[j] + Deltas[i][j] - Global.Arrays[0].Data[j]) * Samples[i]) / 60.0;
            Assert.InRange(mean[j], expected - server.Setup.QuantizationStep - 1e-8, expected + server.Setup.QuantizationStep + 1e-8);
        }
    }

    [Theory]
    [InlineData("another site's", "belongs to site 'hospital-c'")]
    [InlineData("another project's", "refused")]
    [InlineData("none", "came without its certificate")]
    [InlineData("the server's own keys", "fail signature verification")]
    public void A_site_refuses_neighbour_keys_the_project_CA_does_not_vouch_for(string substitution, string reason)
    {
        // Given a server that tampers with hospital-b's advertisement before relaying it
        var sites = Names.Select(n => Keys(n).CreateSecureSite(n)).ToArray();
        var server = new SecAggServer("job/1/y", [0, 1, 2], 3, new SecAggOptions { MaxWeight = 100 });
        var ads = sites.Select(s => s.Handle(new SecureRequest(SecureStage.AdvertiseKeys, server.Setup, Names)).Advertisement!).ToList();
        var b = ads[1];
        var impostor = AsymmetricSignatureKey.CreateEphemeral();
        ads[1] = substitution switch
        {
            "another site's" => b with { Certificate = Certificate(_kits, "hospital-c") },
            "another project's" => b with { Certificate = Certificate(_otherKits, "hospital-b") },
            "none" => b with { Certificate = null },
            _ => b with { MaskKey = ads[2].MaskKey, Signature = impostor.Sign(b.MaskKey) },
        };

        // When hospital-a is asked to share its secrets with its neighbours
        var error = Assert.ThrowsAny<SecAggException>(() => sites[0].Handle(new SecureRequest(SecureStage.ShareKeys, server.Setup, Names, ads)));

        // Then it refuses, saying why, and shares nothing
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_neighbour_certificate_checked_once_is_still_held_to_its_name_and_its_dates()
    {
        // Given a site's keys that already accepted hospital-b's certificate (its chain is built once, then remembered)
        using var kit = StartupKit.Load(Path.Combine(_kits, "hospital-a"));
        var clock = new SettableClock { Now = DateTimeOffset.UtcNow };
        var keys = new SiteKeys(kit.Certificate, kit.CaCertificate, kit.Project, clock);
        var b = Certificate(_kits, "hospital-b");
        Assert.NotNull(keys.PeerKey("hospital-b", b));
        Assert.NotNull(keys.PeerKey("hospital-b", b));
        using var parsed = X509CertificateLoader.LoadCertificate(b);

        // When the same certificate is sent as another site's, another project's certificate under its name,
        // or the same certificate before its start or after it expired
        var renamed = Assert.Throws<SecAggException>(() => keys.PeerKey("hospital-c", b));
        var foreign = Assert.Throws<SecAggException>(() => keys.PeerKey("hospital-b", Certificate(_otherKits, "hospital-b")));
        clock.Now = new DateTimeOffset(parsed.NotBefore.ToUniversalTime()).AddDays(-1);
        var early = Assert.Throws<SecAggException>(() => keys.PeerKey("hospital-b", b));
        clock.Now = new DateTimeOffset(parsed.NotAfter.ToUniversalTime()).AddDays(1);
        var expired = Assert.Throws<SecAggException>(() => keys.PeerKey("hospital-b", b));

        // Then each is refused, as it would be the first time
        Assert.Contains("belongs to site 'hospital-b'", renamed.Message, StringComparison.Ordinal);
        Assert.Contains("was refused", foreign.Message, StringComparison.Ordinal);
        Assert.Contains("not valid until", early.Message, StringComparison.Ordinal);
        Assert.Contains("expired", expired.Message, StringComparison.Ordinal);
    }

    /// <summary>A clock a test may also set back (a fake one only moves forward), as a machine's clock can be.</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A masked input read from its wire form piece by piece, as the server reads a spooled upload.</summary>
    private sealed record PayloadInput(int SiteId, int Length, byte[] Payload) : IMaskedInput
    {
        public void Read(MaskedPiecesAction pieces) => Payloads.ReadMasked(new MemoryStream(Payload), Length, pieces);
    }
}
