using System.Security.Cryptography;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

public sealed class SecAggClientTests
{
    private static readonly SecAggOptions Options = new() { NeighbourCount = 4, Threshold = 3 };

    [Fact]
    public void ShareKeys_ServerSubstitutesANeighbourKey_FailsVerification()
    {
        // Given 5 sites whose advertisements the server alters: site 12's mask key replaced by its own
        var harness = new SecAggHarness(5, Options, 4);
        foreach (var client in harness.Clients.Values) harness.Server.AddAdvertisement(client.AdvertiseKeys());
        var directory = harness.Server.EndAdvertiseKeys().ToList();
        using var attacker = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = attacker.ExportParameters(false).Q;
        var index = directory.FindIndex(a => a.SiteId == 12);
        directory[index] = directory[index] with { MaskKey = [0x04, .. q.X!, .. q.Y!] };

        // When site 11 checks its neighbours
        var error = Assert.Throws<SecAggException>(() => harness.Clients[11].ShareKeys(directory));

        // Then
        Assert.Contains("site 12 fail signature verification", error.Message);
    }

    [Fact]
    public void ShareKeys_RsaSigningKey_IsAccepted()
    {
        // Given site 12 signs with an RSA-3072 key, as a provisioned kit may
        var harness = new SecAggHarness(5, Options, 4);
        using var rsaKey = RSA.Create();
        rsaKey.ImportFromPem(TestRsa3072Pem);
        var rsa = new AsymmetricSignatureKey(rsaKey);
        var peers = new Dictionary<int, ISiteSignatureKey>(harness.PeerKeys) { [12] = rsa.PublicOnly() };
        using var site12 = new SecAggClient(12, harness.Server.Setup, rsa, peers);
        using var site11 = new SecAggClient(11, harness.Server.Setup, AsymmetricSignatureKey.CreateEphemeral(), peers);
        var directory = new[] { site12.AdvertiseKeys() }
            .Concat(harness.Clients.Where(c => c.Key is not (11 or 12)).Select(c => c.Value.AdvertiseKeys()))
            .ToList();
        site11.AdvertiseKeys();

        // When site 11 verifies site 12's RSA signature among its neighbours
        var shares = site11.ShareKeys(directory);

        // Then it shares with all four neighbours
        Assert.Equal([12, 13, 14, 15], shares.Recipients);
    }

    [Fact]
    public void Unmask_BothSharesOfALiveSite_Refused()
    {
        // Given a round that reached unmasking
        var (harness, request) = RoundAtUnmask();

        // When the server lists site 13 both as a survivor and as dropped
        var forged = request with { Dropped = [13] };
        var error = Assert.Throws<SecAggRefusedException>(() => harness.Clients[11].Unmask(forged));

        // Then
        Assert.Contains("both the self-mask and the mask-key shares of site(s) 13", error.Message);
    }

    [Fact]
    public void Unmask_AskedTwice_SecondRefused()
    {
        // Given site 11 has answered once
        var (harness, request) = RoundAtUnmask();
        harness.Clients[11].Unmask(request);

        // When the server asks again (for example with site 13 now called dropped)
        var again = new UnmaskRequest([.. request.Survivors.Where(s => s != 13)], [13]);

        // Then
        Assert.Throws<SecAggRefusedException>(() => harness.Clients[11].Unmask(again));
    }

    [Fact]
    public void Unmask_SiteItselfListedAsDropped_Refused()
    {
        // Given
        var (harness, request) = RoundAtUnmask();

        // When the server claims site 11 dropped, which would reveal its mask key next to its input
        var forged = new UnmaskRequest([.. request.Survivors.Where(s => s != 11)], [11]);

        // Then
        Assert.Throws<SecAggRefusedException>(() => harness.Clients[11].Unmask(forged));
    }

    [Fact]
    public void MaskInput_TamperedShare_FailsAuthentication()
    {
        // Given a round at the share delivery, with one ciphertext byte flipped by the server
        var harness = new SecAggHarness(5, Options, 4);
        foreach (var client in harness.Clients.Values) harness.Server.AddAdvertisement(client.AdvertiseKeys());
        var directory = harness.Server.EndAdvertiseKeys();
        foreach (var client in harness.Clients.Values) harness.Server.AddShares(client.ShareKeys(directory));
        var delivery = harness.Server.EndShareKeys()[11];
        var altered = (byte[])delivery.Ciphertexts.Clone();
        altered[20] ^= 1;

        // When / Then
        var error = Assert.Throws<SecAggException>(() =>
            harness.Clients[11].MaskInput(delivery with { Ciphertexts = altered }, new float[4], 1));
        Assert.Contains("fail authentication", error.Message);
    }

    [Fact]
    public void MaskInput_ServerWithholdsAllButOneNeighboursShares_Refused()
    {
        // Given a round at the share delivery (t = 3), where the server passes site 11 the shares of only one neighbour,
        // hoping to rebuild its self-mask from that one and the site's own share and so see its input
        var harness = new SecAggHarness(5, Options, 4);
        foreach (var client in harness.Clients.Values) harness.Server.AddAdvertisement(client.AdvertiseKeys());
        var directory = harness.Server.EndAdvertiseKeys();
        foreach (var client in harness.Clients.Values) harness.Server.AddShares(client.ShareKeys(directory));
        var delivery = harness.Server.EndShareKeys()[11];
        var one = delivery with { Senders = delivery.Senders[..1], Ciphertexts = delivery.Ciphertexts[..ShareCipher.CiphertextLength] };

        // When / Then
        var error = Assert.Throws<SecAggRefusedException>(() => harness.Clients[11].MaskInput(one, new float[4], 1));
        Assert.Contains("at least 2 are needed", error.Message);
    }

    [Fact]
    public void Unmask_ADroppedSiteListedTwice_Refused()
    {
        var (harness, request) = RoundAtUnmask();

        var forged = new UnmaskRequest([.. request.Survivors.Where(s => s != 13)], [13, 13]);

        Assert.Throws<SecAggRefusedException>(() => harness.Clients[11].Unmask(forged));
    }

    [Fact]
    public void Constructor_ServerLowersThreshold_Throws()
    {
        // Given a setup whose threshold a server lowered to 1
        var harness = new SecAggHarness(5, Options, 4);
        var unsafeSetup = harness.Server.Setup with { Threshold = 1 };

        // When / Then
        var error = Assert.Throws<SecAggException>(() =>
            new SecAggClient(11, unsafeSetup, AsymmetricSignatureKey.CreateEphemeral(), harness.PeerKeys));
        Assert.Contains("Unsafe secure-aggregation settings", error.Message);
    }

    // A fixed RSA-3072 test key (generating one takes seconds); it protects nothing.
    private const string TestRsa3072Pem =
        "-----BEGIN PRIVATE KEY-----\n" +
        "MIIG/gIBADANBgkqhkiG9w0BAQEFAASCBugwggbkAgEAAoIBgQCqFjhGefEDM32m\n" +
        "9HFvOOL212D3H+xXvJ/BhhY18bRWPP8Bs0sgrHfb1w5Teq4J5Osug3Kw8Fo6+SxN\n" +
        "QWogEyo9WhmjTAWJ6SY2+fj0y7+udanG6iZ5OpWlwjrM+UOFrNayWfimFtembkWc\n" +
        "owvSfSdQWW/Z/c+Obu264D+RNwGz0L86A+707NCPFVNHXcsL26/ievIvd3j17k6x\n" +
        "JVA3I6shw/5LtKm6uYwSGb6zgS2kJOgbzo4k7UDa41NXECG1GvJ/M83/zzAynu4d\n" +
        "uPrnFkaJ0JYpestY6RCXHBaw8z/1RQ8Iq9ege9rezPTXp10pPD4dJqzRuT+orrxK\n" +
        "tNCR4ii8l6Rh9/h44UbXBozhXlMYU+vBcz+ODctrmg8xnrnab8IQ7EBA54yd2MWo\n" +
        "ZVuRF/Y5223ppvpDuQsirjLxsTjzr1Q8zWdfyWCC//r6rOQk37QA8rVrT5O0BUVj\n" +
        "vaHZuJ9DZIqNxkP15cmSznN296BOGcUCRy+PprtsO87KXsqIo+ECAwEAAQKCAYAW\n" +
        "B9pCsK1J2ZvLKgreWes2B1hBMjKZ+63isnRCiPvvlqd+KCPRR92fjVfG8tNDp1Ha\n" +
        "HL8YkY1Saa92E0TEgk78kuTSvLhT8G3ZfZ/kT1bU6Vs0D2Sr262CAqo8ngXDtQs7\n" +
        "H0HAe6FzpoFgRFM18K2MsAT3orNFcvNaewzoyYvwJ1f5kwRa16i8+8lla03vS4WY\n" +
        "641enhY+Hp+1PMzK05UpQrp3wl8gt0NgHdMQa6lGg1xIK8VIHa4CnCLRml6PV32+\n" +
        "tVFwsnkwljfYdJsH4OwPA7iICm5lpkyXBjVA8rymcBGUa5ZMynSvmVI94fd+yQrw\n" +
        "Lsmrk8LTMstZsdjVRGPn1wAdix8EhtmcSQcINFluPQS+C3UyoBBRnsSTmcUGd2XO\n" +
        "bNOggJsGSVN8yTkVzZUolvjV3b+faomtkRL8pKgs4PqaykF/a6Na1EcF3zzILDzs\n" +
        "5iYUDj3yoSsttv0NOPxabwuBE3Xfhxp8i87uUn9Qh0a+TcPgI5UiYD6FV7lVJOUC\n" +
        "gcEA5VpdswlXJNIcme89nxgk+QIXDbJ10qgCCmAR12wfNn+ebycI/Tqss6FSESR1\n" +
        "SK/59QvzePlwBl7ZAB5GH2ioIih0fJ8/ajwQgpFxTBGvl4vk7hYXc5y6ARG8GBqv\n" +
        "oV5ZHJ9pDVn7LFQW4HuLRMGsFEO9B/XYrEiiHm46glo+cGlUU+6S+pZPamQAFnEc\n" +
        "8Q+zOFkhb1L5DQEkeeKn9zOelNUG+OT0cOa6ivDAUjscojisIP3YkK56okh8uRol\n" +
        "6OP1AoHBAL3ZGjrRDggJA9PT40e83z5Y8OKXAXcfyxmi/MFXfbc3vIlo3Avi1zUo\n" +
        "8QkjYLnY2idQQCXDLyL/kbsGSe/LkDum5aGuUsIf4aqAFzIhOvd9l0F+RwUTHxJs\n" +
        "scDN7gDfKMTvBsPXpj2GC/EYPNHDnpchvzn15+cYcBIAbUYaPTpPYv3jDPNT9dt3\n" +
        "6JTV+/NfbAMgP1F/ErqGSW8GsGJuhJYAFiTHKmF+eVbTH2mp5Tzlj1JJX0MU9HBP\n" +
        "j4LIBtf4vQKBwQC2Es4Nwp1+qppwDb/ym91GHMWmZwUoLZ4pFGk1hi0lO5zQCsIV\n" +
        "Hc5ab/fRigrdoG4jfdBUOlkXhZZphJ8Qcin/q/QFtvpF4NcOgF3cELI/8ZvU8o69\n" +
        "hi8XiDe1PwIsbdT6ZwajxcojP8JFhW5jMAjmsXvQZPgUlTi2RbWHJBMrdEKwutXN\n" +
        "vyPehvKW3kcmi9swIXnsgYcbLswBQtEq6ry61H7Leh8fvdtbT5Kt9SVfFvR24G5b\n" +
        "NVg/mqIA5GQyBT0CgcAngbRJpRNsbKPVQvS7CvzR9qQ6Iv51EbKsJRTADzrkE78y\n" +
        "QRX5iz0JnPl701bfldbf831F3nZCrDhhWQ+tzQi4wSRsHuCt8QB/AKTTE8M3mXUO\n" +
        "df7FeZMvvFrJKpFqsQXE5ZDc1FWN3AVEKK0PYcvw21716sxVdOptdJVIz1EKf1a0\n" +
        "Srl5MXGqOCu4PUdu/950UBOdG/qDwkopxpSSBzmkFWSGRsP1AeKyRMD2tho0L/lB\n" +
        "QG+IgCXV8ViF+KYj72kCgcEA0AxWcRgbUwO+3pLBPuczBLoU87QaYC19lEMkMIva\n" +
        "MNr5zw9JRmP6tXPX4z7BvdDxzbB1i+WHl8O/ztsxJsUhrx8rxx/IBXm0rO4mqj60\n" +
        "2auI0TETw3dhEherr/Ix7GlXp35vDe86f5mB7i8w09RfqBgeg85ksrhSrQMy4/iS\n" +
        "U9qnzprq+DU9mXpuesbU7IjDWF+HToSdtG0zKhSBc0wFE4lbOr2I5gygD1RgqBfn\n" +
        "J+yPCMWen2ynPM/9+W9TIlH4\n" +
        "-----END PRIVATE KEY-----\n";

    private static (SecAggHarness Harness, UnmaskRequest Request) RoundAtUnmask()
    {
        var harness = new SecAggHarness(5, Options, 4);
        foreach (var client in harness.Clients.Values) harness.Server.AddAdvertisement(client.AdvertiseKeys());
        var directory = harness.Server.EndAdvertiseKeys();
        foreach (var client in harness.Clients.Values) harness.Server.AddShares(client.ShareKeys(directory));
        foreach (var (id, delivery) in harness.Server.EndShareKeys())
            harness.Server.AddMaskedInput(harness.Clients[id].MaskInput(delivery, new float[] { 1, 2, 3, 4 }, 1));
        return (harness, harness.Server.EndMaskedInput());
    }
}
