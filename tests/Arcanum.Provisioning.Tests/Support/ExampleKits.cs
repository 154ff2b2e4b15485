namespace Arcanum.Provisioning.Tests.Support;

/// <summary>The example project provisioned once per test class, for tests that only read it.</summary>
public sealed class ExampleKits : IDisposable
{
    private readonly TempDir _temp = new();

    public ExampleKits()
    {
        Result = Some.Kits(_temp);
    }

    public ProvisionResult Result { get; }

    public string Root => Result.Directory;

    public string Kit(string name) => Path.Combine(Root, name);

    public void Dispose() => _temp.Dispose();
}
