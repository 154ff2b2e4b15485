using Arcanum.Federated.Engine;
using Arcanum.Network.Protocol;
using Arcanum.Network.Server;
using Microsoft.Extensions.Time.Testing;

namespace Arcanum.Network.Tests.Server;

public sealed class SiteRegistryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Registration_CountsEachRegistration_SoTheEngineCanTellARestartedSite()
    {
        // Given a registry and a site that registers, then registers again (it restarted) within the heartbeat timeout
        var store = new ServerStore(Path.Combine(_dir.Path, "server.db"));
        var registry = new SiteRegistry(store, new FakeTimeProvider(), TimeSpan.FromSeconds(30));
        ISiteLiveness liveness = registry;
        Assert.Equal(0, liveness.Registration("hospital-a"));
        registry.Register("hospital-a", ["d"], new SitePolicy(), "test", "");
        var first = liveness.Registration("hospital-a");

        // When
        registry.Register("hospital-a", ["d"], new SitePolicy(), "test", "");

        // Then it stays present throughout, but its registration moved on; another site's did not
        Assert.Null(liveness.Absence("hospital-a"));
        Assert.Equal(first + 1, liveness.Registration("hospital-a"));
        Assert.Equal(0, liveness.Registration("hospital-b"));
    }
}
