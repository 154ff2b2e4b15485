using Arcanum.Risk.Anonymization;

namespace Arcanum.Risk.Tests.Anonymization;

public sealed class ClassTableTests
{
    [Fact]
    public void IdOf_RepeatedAndCollidingKeys_NumbersDistinctKeysInOrderOfFirstAppearance()
    {
        // Given: keys that share low bits, as mixed-radix keys do
        var table = new ClassTable(100);
        long[] keys = [1L << 40, 0, 1L << 41, 1L << 40, 0, 3L << 40, 1L << 41];

        // When
        var ids = keys.Select(key => table.IdOf(key, out _)).ToArray();

        // Then
        Assert.Equal([0, 1, 2, 0, 1, 3, 2], ids);
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void Clear_AfterUse_ForgetsEveryKey()
    {
        // Given
        var table = new ClassTable(4);
        foreach (var key in new long[] { 7, 8, 9, 10 }) table.IdOf(key, out _);

        // When
        table.Clear();
        var id = table.IdOf(9, out var added);

        // Then
        Assert.True(added);
        Assert.Equal(0, id);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void IdOf_MoreKeysThanCapacity_Throws()
    {
        // Given
        var table = new ClassTable(2);
        table.IdOf(1, out _);
        table.IdOf(2, out _);

        // When / Then
        Assert.Throws<InvalidOperationException>(() => table.IdOf(3, out _));
    }
}
