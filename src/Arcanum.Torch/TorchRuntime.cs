using System.Runtime.InteropServices;
using Arcanum.Torch.Native;
using TorchSharp;

namespace Arcanum.Torch;

/// <summary>
/// Loads TorchSharp's natives once per process and resolves devices. Every public entry point of
/// Arcanum.Torch calls <see cref="EnsureLoaded"/> first, so a broken native setup fails early with a
/// message that says how to fix it rather than with TorchSharp's generic "missing package" error.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Built by build/TorchSharpNativeCompat.targets where the system libstdc++ lacks GLIBCXX_3.4.32.</summary>
    internal const string CompatLibraryName = "libarcanum_stdcxx_compat.so";
    private const string TorchSharpLibraryName = "libLibTorchSharp.so";

    /// <summary>
    /// Held by whatever seeds and then draws from libtorch's process-wide random generator (model
    /// construction, synthesizer fitting and sampling), so concurrent work cannot shift each other's streams.
    /// </summary>
    internal static readonly Lock RandomLock = new();

    private static readonly Lazy<bool> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the natives (once; thread-safe). Throws <see cref="DeviceUnavailableException"/> when they cannot load.</summary>
    public static void EnsureLoaded() => _ = Loaded.Value;

    /// <summary>
    /// The torch device for <paramref name="name"/>: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.
    /// Throws <see cref="ArgumentException"/> for other names and <see cref="DeviceUnavailableException"/>
    /// when CUDA is asked for but this libtorch build or machine has none (or fewer devices).
    /// </summary>
    public static torch.Device ResolveDevice(string name)
    {
        EnsureLoaded();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var text = name.Trim().ToLowerInvariant();
        if (text == "cpu") return torch.CPU;
        if (text != "cuda" && !text.StartsWith("cuda:", StringComparison.Ordinal))
            throw new ArgumentException($"Unknown device '{name}'. Use cpu, cuda or cuda:N.", nameof(name));

        var index = 0;
        if (text.Length > 4 && !(int.TryParse(text.AsSpan(5), out index) && index >= 0))
            throw new ArgumentException($"Unknown device '{name}': the CUDA device index must be a non-negative integer (cuda:0, cuda:1, ...).", nameof(name));
        if (!CudaAvailable())
            throw new DeviceUnavailableException($"Device '{name}' is not available: this build of libtorch has no CUDA, or no CUDA GPU and driver were found. " +
                "To use --device cuda, run on a CUDA build of libtorch 2.10 or 2.11: publish with -p:ArcanumLibTorch=external and put the lib folder of " +
                "PyTorch's CUDA build (python3 -c \"import torch, os; print(os.path.dirname(torch.__file__) + '/lib')\") on LD_LIBRARY_PATH " +
                "(README, \"GPUs\"); or use --device cpu.");
        var count = torch.cuda.device_count();
        if (index >= count)
            throw new DeviceUnavailableException($"Device '{name}' does not exist: this machine has {count} CUDA device(s) (cuda:0..cuda:{count - 1}).");
        return torch.device(DeviceType.CUDA, index);
    }

    /// <summary>Sets the number of threads libtorch uses for intra-op parallelism (process-wide).</summary>
    public static void SetThreads(int threads)
    {
        EnsureLoaded();
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        torch.set_num_threads(threads);
    }

    private static bool CudaAvailable()
    {
        try
        {
            return torch.cuda.is_available();
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Intel MKL (libtorch's CPU BLAS) may return last-bit-different results from run to run when
    /// memory alignment differs; that made evaluation metrics differ in the sixth decimal between
    /// two runs with the same seed. AUTO,STRICT keeps MKL's fastest code path for the CPU and makes
    /// results independent of alignment. A user's own MKL_CBWR wins; it must be set before MKL loads.
    /// </summary>
    private const string MklReproducibility = "AUTO,STRICT";

    /// <summary>
    /// oneDNN (libtorch's CPU convolution kernels) limited to AVX (256-bit vectors, no AVX2). With its AVX-512 kernels, on
    /// the AMD EPYC machines we develop and test on, a convolution's input gradient was wrong (off the conv_transpose2d
    /// reference), differed from call to call and was NaN now and then, which broke every network whose gradient passes
    /// back through a convolution (the U-Net; the CNN's first layer learned from garbage). Capped at AVX2 that held on one
    /// EPYC generation, but on a later one (AVX-512 with VP2INTERSECT and BF16, 2026-12-05) the AVX2 kernels got the PatchGAN
    /// discriminator's input gradient (an AsynDGAN site's whole answer) wrong too, against the same network in double, and
    /// a GAN fit went to NaN (MaskImageGanTests.Discriminator_InputGradientOfAThreeChannelPair_MatchesDoublePrecision).
    /// With the AVX kernels every gradient test passes there: about 15% slower than AVX2 on the CNN (1,448 against 1,695
    /// samples/s on the 2-core VM), twice as fast as SSE4.1; turning oneDNN off instead cost 5x. A user's own ONEDNN_MAX_CPU_ISA wins; like MKL_CBWR it must be set before the library
    /// reads it. See TorchRuntimeTests and that test.
    /// </summary>
    internal const string OneDnnIsa = "AVX";

    /// <summary>
    /// libtorch's CPU allocator asks the kernel for transparent huge pages for tensors of 2 MB and more. Without them a
    /// large tensor is fresh memory on every allocation: a 3160x3160 weight gradient (40 MB) cost 10,000 page faults each
    /// training step, and ten such products took 1.2 s on the 2-core VM against 0.17 s with huge pages (perf put page faults
    /// at a third of all CPU in a training-bound federation). Where the kernel's THP setting is "never" the request has no
    /// effect. A user's own THP_MEM_ALLOC_ENABLE wins; libtorch reads it once, at its first CPU allocation.
    /// </summary>
    internal const string HugePageAllocation = "1";

    /// <summary>Sets a variable in the native environment (where libtorch's libraries read it) unless the user's environment has it.</summary>
    private static void SetUnlessTheUserDid(string name, string value)
    {
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(name) is null)
            NativeMethods.SetEnv(name, value, overwrite: 0);
    }

    private static bool Load()
    {
        SetUnlessTheUserDid("MKL_CBWR", MklReproducibility);
        SetUnlessTheUserDid("ONEDNN_MAX_CPU_ISA", OneDnnIsa);
        SetUnlessTheUserDid("THP_MEM_ALLOC_ENABLE", HugePageAllocation);
        var nativeDir = FindNativeDirectory();
        if (nativeDir is not null && OperatingSystem.IsLinux())
        {
            var compat = Path.Combine(nativeDir, CompatLibraryName);
            if (File.Exists(compat) && NativeMethods.DlOpen(compat, NativeMethods.RtldNow | NativeMethods.RtldGlobal) == IntPtr.Zero)
                throw Failure($"{compat} could not be loaded: {NativeMethods.LastDlError()}", nativeDir);

            PreloadBundledLibTorch(nativeDir);

            // Load our (patched) copy by path first: if it fails here we report why, instead of letting
            // TorchSharp fall back to copying unpatched natives into a cpu/ folder.
            var shim = Path.Combine(nativeDir, TorchSharpLibraryName);
            try
            {
                NativeLibrary.Load(shim);
            }
            catch (DllNotFoundException e)
            {
                throw Failure(e.Message, nativeDir);
            }
        }

        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            using var probe = torch.zeros(1);
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or ExternalException)
        {
            throw Failure(e.Message, nativeDir);
        }
        return true;
    }

    /// <summary>
    /// libtorch's own libraries, loaded from beside the shim by path, before the shim, where the build bundles them.
    /// The shim finds libtorch by name, and a name is looked up in LD_LIBRARY_PATH before the shim's own folder: on a
    /// machine whose LD_LIBRARY_PATH names PyTorch's torch/lib (common where CUDA work is done), the shim bound to that
    /// libtorch while TorchSharp loaded the bundled one by path, and the process aborted with "Tried to register
    /// multiple backend fallbacks" as the second copy registered its operators. Loaded first, the bundled libraries
    /// are the ones every later lookup by name finds. A build without them (-p:ArcanumLibTorch=external) skips this
    /// and takes libtorch from LD_LIBRARY_PATH on purpose.
    /// </summary>
    private static void PreloadBundledLibTorch(string nativeDir)
    {
        foreach (var name in (string[])["libc10.so", "libtorch_cpu.so", "libtorch.so"])
        {
            var path = Path.Combine(nativeDir, name);
            if (!File.Exists(path)) return;
            if (NativeMethods.DlOpen(path, NativeMethods.RtldNow | NativeMethods.RtldGlobal) == IntPtr.Zero)
                throw Failure($"{path} could not be loaded: {NativeMethods.LastDlError()}", nativeDir);
        }
    }

    private static string? FindNativeDirectory()
    {
        var baseDir = AppContext.BaseDirectory;
        string[] candidates = [Path.Combine(baseDir, "runtimes", "linux-x64", "native"), baseDir];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, TorchSharpLibraryName)));
    }

    private static DeviceUnavailableException Failure(string detail, string? nativeDir)
    {
        // Built with -p:ArcanumLibTorch=external: libtorch is not beside the shim, and LD_LIBRARY_PATH does not name one.
        if (nativeDir is not null && !File.Exists(Path.Combine(nativeDir, "libtorch_cpu.so")) &&
            (detail.Contains("libtorch", StringComparison.Ordinal) || detail.Contains("libc10", StringComparison.Ordinal)))
            return new DeviceUnavailableException(
                $"TorchSharp's native libraries could not be loaded: {detail}{Environment.NewLine}" +
                $"This build leaves libtorch out (-p:ArcanumLibTorch=external): put the lib folder of a libtorch 2.10 or 2.11 on LD_LIBRARY_PATH, " +
                $"for example PyTorch's: export LD_LIBRARY_PATH=$(python3 -c \"import torch, os; print(os.path.dirname(torch.__file__) + '/lib')\")");

        var where = nativeDir ?? Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        var compatPresent = nativeDir is not null && File.Exists(Path.Combine(nativeDir, CompatLibraryName));
        var hint = compatPresent
            ? ""
            : $" {CompatLibraryName} is not in {where}, so the build step did not run for this output.";
        return new DeviceUnavailableException(
            $"TorchSharp's native libraries could not be loaded: {detail}{Environment.NewLine}" +
            $"On Linux systems whose libstdc++ is older than GCC 13's (e.g. Debian 12, which lacks GLIBCXX_3.4.32), " +
            $"libLibTorchSharp.so needs the fix applied by build/TorchSharpNativeCompat.targets (imported from Directory.Build.targets): " +
            $"it patches the output copy of libLibTorchSharp.so and compiles {CompatLibraryName} beside it, which needs g++ (apt-get install g++).{hint} " +
            $"Rebuild the application (dotnet build) so that step runs, and check with: ldd {Path.Combine(where, TorchSharpLibraryName)} | grep 'not found'.");
    }
}
