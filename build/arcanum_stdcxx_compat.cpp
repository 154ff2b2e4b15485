// Provides std::ios_base_library_init() (GLIBCXX_3.4.32, GCC 13) for systems whose libstdc++ is older,
// e.g. Debian 12. TorchSharp's libLibTorchSharp.so references it only to run the iostream
// initialisation, which a static ios_base::Init does on every libstdc++. Built and placed beside the
// TorchSharp natives by TorchSharpNativeCompat.targets; loaded by Arcanum.Torch.TorchRuntime.
#include <ios>

namespace std
{
    void ios_base_library_init() { static ios_base::Init init; }
}
