using System.Runtime.InteropServices;

namespace Arcanum.Torch.Native;

/// <summary>
/// libc, for what .NET cannot do: load with RTLD_GLOBAL, and set a variable in the native
/// environment (Environment.SetEnvironmentVariable does not reach getenv on Unix).
/// </summary>
internal static partial class NativeMethods
{
    public const int RtldNow = 0x002;
    public const int RtldGlobal = 0x100;

    // glibc 2.34+ exports dlopen/dlerror from libc.so.6 itself.
    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr DlOpen(string fileName, int flags);

    [LibraryImport("libc", EntryPoint = "dlerror")]
    public static partial IntPtr DlError();

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);

    /// <summary>A variable of the native environment (what libtorch's getenv sees), or null.</summary>
    public static string? NativeVariable(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    public static string LastDlError() => Marshal.PtrToStringUTF8(DlError()) ?? "unknown dlopen error";
}
