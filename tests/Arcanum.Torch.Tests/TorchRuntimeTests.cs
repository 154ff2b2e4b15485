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
        Assert.Contains("-p:ArcanumLibTorch=external", e.Message);
        Assert.Contains("LD_LIBRARY_PATH", e.Message);
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
    public void EnsureLoaded_OnLinux_LetsLibtorchAskForHugePagesUnlessTheUserSaidOtherwise()
    {
        TorchRuntime.EnsureLoaded();
        if (!OperatingSystem.IsLinux()) return;

        // The managed environment is the process's start-up copy: the user's own setting, if any, is there.
        var expected = Environment.GetEnvironmentVariable("THP_MEM_ALLOC_ENABLE") ?? TorchRuntime.HugePageAllocation;
        Assert.Equal(expected, Arcanum.Torch.Native.NativeMethods.NativeVariable("THP_MEM_ALLOC_ENABLE"));
    }

    [Fact]
    public void SetThreads_Zero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.SetThreads(0));
    }

    [Fact]
    public void EnsureLoaded_ConvolutionInputGradient_MatchesTheTransposedConvolutionOnEveryCall()
    {
        // Given a convolution and an output gradient (oneDNN's AVX-512 backward got this wrong, and NaN at times)
        TorchRuntime.EnsureLoaded();
        var threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(2);
        try
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var generator = new TorchSharp.torch.Generator(7);
            var x0 = TorchSharp.torch.randn([8, 8, 16, 16], generator: generator);
            var gradient = TorchSharp.torch.randn([8, 8, 16, 16], generator: generator);
            var weight = TorchSharp.torch.randn([8, 8, 3, 3], generator: generator) * 0.1;
            var expected = TorchSharp.torch.nn.functional.conv_transpose2d(gradient, weight, padding: new long[] { 1, 1 });

            for (var call = 0; call < 12; call++)
            {
                // When the gradient with respect to the input is taken again
                var x = x0.clone().requires_grad_(true);
                (TorchSharp.torch.nn.functional.conv2d(x, weight, padding: new long[] { 1, 1 }) * gradient).sum().backward();

                // Then it is the transposed convolution of the output gradient, every time
                Assert.True(x.grad!.allclose(expected, rtol: 1e-4, atol: 1e-4), $"call {call}: wrong input gradient");
            }
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
    }
}
