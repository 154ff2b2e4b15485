namespace Arcanum.Provisioning.Tests.Support;

/// <summary>A clock that reads what the test says.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
