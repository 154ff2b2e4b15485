using TorchSharp;

namespace Arcanum.Torch.Tests;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_OnThisMachine_RunsAMatmul()
    {
        // When
        TorchRuntime.EnsureLoaded();
        using var a = torch.ones(64, 64);
        using var b = a.matmul(a);

        // Then
        Assert.Equal(64f, b[0, 0].item<float>());
    }

    [Fact]
    public void EnsureLoaded_FromManyThreads_IsSafe()
    {
        Parallel.For(0, 8, _ => TorchRuntime.EnsureLoaded());
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    [InlineData(" cpu ")]
    public void ResolveDevice_Cpu_IsTheCpu(string name)
    {
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice(name).type);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public void ResolveDevice_CudaWithoutCudaBuild_SaysHowToGetIt(string name)
    {
        if (torch.cuda.is_available()) return; // nothing to check where CUDA works

        var e = Assert.Throws<DeviceUnavailableException>(() => TorchRuntime.ResolveDevice(name));

        Assert.Contains("no CUDA", e.Message);
        Assert.Contains("libtorch-cuda-12.x-linux-x64", e.Message);
    }

    [Fact]
    public void TorchLearner_OnCudaWithoutCudaBuild_FailsAtConstruction()
    {
        if (torch.cuda.is_available()) return;

        Assert.Throws<DeviceUnavailableException>(() => new TorchLearner("cuda"));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    public void ResolveDevice_UnknownName_Throws(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice(name));

        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void SetThreads_Zero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.SetThreads(0));
    }
}
