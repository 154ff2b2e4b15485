using System.Runtime.InteropServices;

namespace Arcanum.Torch.Native;

/// <summary>The dynamic loader, for what <see cref="NativeLibrary"/> cannot do: load with RTLD_GLOBAL.</summary>
internal static partial class NativeMethods
{
    public const int RtldNow = 0x002;
    public const int RtldGlobal = 0x100;

    // glibc 2.34+ exports dlopen/dlerror from libc.so.6 itself.
    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr DlOpen(string fileName, int flags);

    [LibraryImport("libc", EntryPoint = "dlerror")]
    public static partial IntPtr DlError();

    public static string LastDlError() => Marshal.PtrToStringUTF8(DlError()) ?? "unknown dlopen error";
}
