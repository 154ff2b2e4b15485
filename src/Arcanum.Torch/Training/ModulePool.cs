using System.Collections.Concurrent;
using Arcanum.Core.Learning;
using Arcanum.Torch.Models;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training;

/// <summary>
/// Keeps built modules for reuse across calls, per architecture and device. Building a module and
/// taking its first step cost a CNN about as much as two batches; a site pays that every round,
/// so modules are rented, loaded with the call's weights (every parameter and buffer is
/// overwritten) and returned. Optimizers are never pooled: each call starts with fresh state.
/// </summary>
internal static class ModulePool
{
    /// <summary>Most idle modules kept per architecture and device.</summary>
    private const int MaxIdle = 8;

    private static readonly ConcurrentDictionary<string, ConcurrentBag<nn.Module<Tensor, Tensor>>> Idle = new(StringComparer.Ordinal);

    public static Lease Rent(ModelSpec spec, Device device)
    {
        var key = $"{spec}@{device}";
        var bag = Idle.GetOrAdd(key, _ => []);
        return new Lease(bag, bag.TryTake(out var module) ? module : ModelFactory.Create(spec, seed: null, device));
    }

    /// <summary>A rented module; disposing the lease returns it (or frees it when enough are idle).</summary>
    internal readonly struct Lease(ConcurrentBag<nn.Module<Tensor, Tensor>> bag, nn.Module<Tensor, Tensor> module) : IDisposable
    {
        public nn.Module<Tensor, Tensor> Module => module;

        public void Dispose()
        {
            if (bag.Count < MaxIdle) bag.Add(module);
            else module.Dispose();
        }
    }
}
