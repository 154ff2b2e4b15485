using Arcanum.Federated.Engine;
using Arcanum.Network.Protocol;
using Arcanum.Network.Server;
using Microsoft.Extensions.Time.Testing;

namespace Arcanum.Network.Tests.Server;

public sealed class SiteRegistryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private SiteRegistry NewRegistry() => new(new ServerStore(Path.Combine(_dir.Path, "server.db")), new FakeTimeProvider(), TimeSpan.FromSeconds(30));

    [Fact]
    public void Registration_CountsEachRegistrationWithoutAnInstance_SoTheEngineCanTellARestartedSite()
    {
        // Given a registry and a site that registers, then registers again (it restarted) within the heartbeat timeout
        var registry = NewRegistry();
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

    [Fact]
    public void Registration_SameInstanceIsAReconnect_AnotherIsARestart()
    {
        // Given a site that registered from process "p1"
        var registry = NewRegistry();
        registry.Register("hospital-a", ["d"], new SitePolicy(), "test", "", instance: "p1");
        var first = registry.Registration("hospital-a");

        // When it registers again from the same process (a lost connection), then from a new one
        registry.Register("hospital-a", ["d"], new SitePolicy(), "test", "", instance: "p1");
        var reconnected = registry.Registration("hospital-a");
        registry.Register("hospital-a", ["d"], new SitePolicy(), "test", "", instance: "p2");

        // Then only the new process counts
        Assert.Equal(first, reconnected);
        Assert.Equal(first + 1, registry.Registration("hospital-a"));
    }
}
