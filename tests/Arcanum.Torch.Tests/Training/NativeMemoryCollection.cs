namespace Arcanum.Torch.Tests.Training;

/// <summary>Tests that measure process memory run after the parallel ones, alone.</summary>
[CollectionDefinition(nameof(NativeMemoryTests), DisableParallelization = true)]
public sealed class NativeMemoryCollection;
