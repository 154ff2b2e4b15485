using System.Runtime.CompilerServices;

namespace Arcanum.Torch.Tests.Support;

/// <summary>
/// Loads libtorch through <see cref="TorchRuntime"/> before any test touches TorchSharp directly, as
/// every Arcanum entry point does: its environment settings (MKL_CBWR, ONEDNN_MAX_CPU_ISA) only take
/// effect if they are in place before the native libraries first read them. Tests running in
/// parallel could otherwise run a raw convolution first and leave oneDNN uncapped for the process.
/// </summary>
internal static class TorchFirst
{
    [ModuleInitializer]
    internal static void Load() => TorchRuntime.EnsureLoaded();
}
