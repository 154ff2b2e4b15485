using Arcanum.Network.Transport;

namespace Arcanum.Network.Tests.Transport;

public class BlockMemoryPoolTests
{
    [Fact]
    public void Blocks_are_large_enough_for_whole_TLS_records_and_are_reused()
    {
        using var pool = (BlockMemoryPool)new BlockMemoryPool.Factory().Create();
        var first = pool.Rent(4096);   // what Kestrel asks for: it gets a whole block, four 16 KB TLS records
        Assert.Equal(BlockMemoryPool.BlockBytes, first.Memory.Length);
        first.Memory.Span[0] = 42;
        var array = first.Memory;
        first.Dispose();
        first.Dispose();   // a second dispose must not return the block twice

        var again = pool.Rent();
        var other = pool.Rent();
        Assert.True(again.Memory.Span.Overlaps(array.Span));   // the returned block, not a new one
        Assert.False(other.Memory.Span.Overlaps(array.Span));  // returned once, handed out once
        Assert.Throws<ObjectDisposedException>(() => { first.Memory.Span[0] = 1; });

        using var large = pool.Rent(BlockMemoryPool.BlockBytes + 1);
        Assert.Equal(BlockMemoryPool.BlockBytes + 1, large.Memory.Length);
        again.Dispose();
        other.Dispose();
    }
}
