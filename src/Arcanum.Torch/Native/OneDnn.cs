using System.Runtime.InteropServices;

namespace Arcanum.Torch.Native;

/// <summary>
/// Turns off libtorch's oneDNN (MKL-DNN) kernels for the process. On libtorch 2.10 CPU driven
/// through TorchSharp 0.107, oneDNN's convolution backward gave input gradients that were wrong
/// (differing from the conv_transpose2d reference), changed from call to call, and were NaN now
/// and then — with one intra-op thread as well as two — which broke every network whose gradient
/// passes back through a convolution (the U-Net; the CNN's first layer). With oneDNN off, libtorch
/// uses its own convolution kernels, and the gradients match the reference on every call
/// (tests/Arcanum.Torch.Tests/TorchRuntimeTests). TorchSharp exposes no switch, so this calls
/// at::globalContext().setUserEnabledMkldnn(false) by its exported (Itanium-mangled) name; where a
/// libtorch lacks the symbols, nothing is changed and <see cref="TryDisable"/> says so.
/// </summary>
internal static class OneDnn
{
    private const string GlobalContextSymbol = "_ZN2at13globalContextEv";
    private const string SetEnabledSymbol = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private const string GetEnabledSymbol = "_ZNK2at7Context17userEnabledMkldnnEv";

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetEnabled(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool GetEnabled(IntPtr context);

    /// <summary>True when oneDNN is now off (or was already); false when this libtorch offers no way to turn it off.</summary>
    public static bool TryDisable(string? nativeDirectory)
    {
        if (!TryLoadTorchCpu(nativeDirectory, out var library)) return false;
        if (!NativeLibrary.TryGetExport(library, GlobalContextSymbol, out var contextFn)
            || !NativeLibrary.TryGetExport(library, SetEnabledSymbol, out var setFn)
            || !NativeLibrary.TryGetExport(library, GetEnabledSymbol, out var getFn))
            return false;
        var context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(contextFn)();
        Marshal.GetDelegateForFunctionPointer<SetEnabled>(setFn)(context, false);
        return !Marshal.GetDelegateForFunctionPointer<GetEnabled>(getFn)(context);
    }

    /// <summary>Whether oneDNN is enabled now, or null where this libtorch does not say.</summary>
    public static bool? IsEnabled(string? nativeDirectory)
    {
        if (!TryLoadTorchCpu(nativeDirectory, out var library)) return null;
        if (!NativeLibrary.TryGetExport(library, GlobalContextSymbol, out var contextFn)
            || !NativeLibrary.TryGetExport(library, GetEnabledSymbol, out var getFn))
            return null;
        var context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(contextFn)();
        return Marshal.GetDelegateForFunctionPointer<GetEnabled>(getFn)(context);
    }

    private static bool TryLoadTorchCpu(string? nativeDirectory, out IntPtr library)
    {
        if (nativeDirectory is not null && NativeLibrary.TryLoad(Path.Combine(nativeDirectory, "libtorch_cpu.so"), out library)) return true;
        return NativeLibrary.TryLoad("libtorch_cpu.so", out library);
    }
}
