using Arcanum.Network.Transport;

namespace Arcanum.Network.Tests.Transport;

public class BlockMemoryPoolTests
{
    [Fact]
    public void Blocks_are_large_enough_for_whole_TLS_records_and_are_reused()
    {
        var factory = new BlockMemoryPool.Factory();
        using var pool = factory.Create();
        var first = pool.Rent(4096);   // what Kestrel asks for: it gets a whole block, four 16 KB TLS records
        Assert.Equal(BlockMemoryPool.BlockBytes, first.Memory.Length);
        var array = first.Memory;
        first.Dispose();
        first.Dispose();   // a second dispose must not return the block twice
        Assert.Equal(1, factory.FreeCount);

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

    [Fact]
    public void The_pools_of_one_server_share_one_capped_list_of_free_blocks()
    {
        var factory = new BlockMemoryPool.Factory();
        using var a = factory.Create();   // Kestrel asks once per I/O queue
        using var b = factory.Create();
        var fromA = a.Rent();
        var array = fromA.Memory;
        fromA.Dispose();
        using (var fromB = b.Rent()) Assert.True(fromB.Memory.Span.Overlaps(array.Span));   // one pool's block serves the other

        var burst = Enumerable.Range(0, BlockMemoryPool.Factory.MaxFree + 50).Select(i => (i % 2 == 0 ? a : b).Rent()).ToList();
        foreach (var block in burst) block.Dispose();
        Assert.Equal(BlockMemoryPool.Factory.MaxFree, factory.FreeCount);   // what a burst leaves behind is bounded for the server
    }
}
