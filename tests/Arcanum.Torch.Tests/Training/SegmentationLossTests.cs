using Arcanum.Torch.Training;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Training;

public sealed class SegmentationLossTests
{
    [Fact]
    public void Compute_AllLogitsZero_IsLn2PlusOneMinusBatchDice()
    {
        // Given p = 0.5 everywhere on two 2x2 masks with 3 foreground pixels between them
        using var scope = NewDisposeScope();
        var logits = zeros(2, 1, 2, 2);
        var target = tensor(new float[] { 1, 0, 0, 0, 1, 1, 0, 0 }, [2, 1, 2, 2]);

        // When
        var loss = SegmentationLoss.Compute(logits, target).item<float>();

        // Then BCE = ln 2; batch Dice = (2·1.5 + 1) / (4 + 3 + 1) = 0.5
        Assert.Equal(Math.Log(2) + 0.5, loss, 5);
    }

    [Fact]
    public void Compute_ConfidentAndRight_IsNearZero_ConfidentAndWrong_IsLarge()
    {
        // Given
        using var scope = NewDisposeScope();
        var target = tensor(new float[] { 1, 0, 0, 1 }, [1, 1, 2, 2]);

        // When
        var right = SegmentationLoss.Compute((target * 2 - 1) * 20, target).item<float>();
        var wrong = SegmentationLoss.Compute((1 - target * 2) * 20, target).item<float>();

        // Then Dice ≈ 1 (smooth 1 keeps it from exactly 1) and BCE ≈ 0; wrong: Dice ≈ 0 and BCE ≈ 20
        Assert.InRange(right, 0, 1e-3);
        Assert.InRange(wrong, 20.5, 21.5);
    }
}
