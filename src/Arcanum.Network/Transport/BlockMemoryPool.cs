using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Arcanum.Network.Transport;

/// <summary>
/// Kestrel's memory pool with larger blocks. Kestrel's own pool hands out 4 KB blocks, so its socket transport receives
/// at most 4 KB per system call and TLS decrypts into 4 KB pieces: an upload of a 44 MB model costs over ten thousand
/// receive calls, and on a small VM those cost more CPU than the decryption (bench d). Blocks here are
/// <see cref="BlockBytes"/>, allocated on the pinned heap (sockets pin what they receive into) and reused.
/// </summary>
internal sealed class BlockMemoryPool(BlockMemoryPool.Factory shared) : MemoryPool<byte>
{
    /// <summary>Bytes per block: four TLS records.</summary>
    public const int BlockBytes = 64 << 10;

    public override int MaxBufferSize => BlockBytes;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockBytes) return new Block(null, GC.AllocateUninitializedArray<byte>(minBufferSize, pinned: true));
        return new Block(shared, shared.Take());
    }

    protected override void Dispose(bool disposing)
    {
        // The free blocks belong to the factory, which every pool of this server shares.
    }

    private sealed class Block(Factory? home, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            var array = Interlocked.Exchange(ref _array, null);
            if (array is not null) home?.Return(array);
        }
    }

    /// <summary>
    /// Gives Kestrel these pools: registered as the server's <see cref="IMemoryPoolFactory{T}"/>, which its socket
    /// transport asks once per I/O queue. All of them share one list of free blocks, capped at <see cref="MaxFree"/>
    /// blocks (16 MiB) for the whole server; blocks returned beyond that are left to the garbage collector.
    /// </summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public const int MaxFree = 256;

        private readonly ConcurrentQueue<byte[]> _free = new();

        /// <summary>Free blocks kept now.</summary>
        public int FreeCount => _free.Count;

        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new BlockMemoryPool(this);

        internal byte[] Take() => _free.TryDequeue(out var array) ? array : GC.AllocateUninitializedArray<byte>(BlockBytes, pinned: true);

        internal void Return(byte[] array)
        {
            if (_free.Count < MaxFree) _free.Enqueue(array);
        }
    }
}
