using Arcanum.Data.Tables;
using Arcanum.Synthesis;
using Arcanum.Torch.Synthesis;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Synthesis;

/// <summary>CTGAN's table-adapted schedule and the validation snapshot that replaces "the last epoch".</summary>
[Collection(TorchRandom.Name)]
public sealed class CtganScheduleTests
{
    [Theory]
    [InlineData(430, 90, 4, 600)]      // Pima's training part: several steps per epoch, and 2,400 steps in all
    [InlineData(2_087, 420, 4, 600)]   // Rotterdam's: 300 epochs (1,200 steps) left it undertrained
    [InlineData(100, 50, 2, 600)]      // the floor; tiny tables stop at 600 epochs, short of the steps
    [InlineData(3_500, 500, 7, 343)]   // between: just enough epochs for 2,400 steps
    [InlineData(20_000, 500, 40, 300)] // large tables keep the paper's batch and epochs
    public void For_NothingGiven_AdaptsTheBatchAndEpochsToTheRows(int rows, int batch, int steps, int epochs)
    {
        Assert.Equal(new CtganSchedule(10, batch, steps, epochs), CtganSchedule.For(rows, new NeuralOptions()));
    }

    [Fact]
    public void For_GivenBatchAndEpochs_AreUsed_TheBatchRoundedToWholePacks()
    {
        Assert.Equal(new CtganSchedule(10, 120, 3, 7), CtganSchedule.For(430, new NeuralOptions { BatchSize = 125, Epochs = 7 }));
    }

    [Fact]
    public void For_WithPrivacy_KeepsThePapersExpectedBatchEpochsAndPackOne()
    {
        Assert.Equal(new CtganSchedule(1, 500, 1, 300), CtganSchedule.For(430, new NeuralOptions { Privacy = new DifferentialPrivacy(3) }));
    }

    [Fact]
    public void Due_OnlyInTheSecondHalfOfTraining_AndAlwaysAtTheLastEpoch()
    {
        using var selector = new SnapshotSelector(Table(0), epochs: 300, seed: 1);
        var due = Enumerable.Range(1, 300).Where(e => selector.Due(e, 300)).ToArray();
        Assert.Equal([165, 180, 195, 210, 225, 240, 255, 270, 285, 300], due);
        using var short_ = new SnapshotSelector(Table(0), epochs: 3, seed: 1);
        Assert.Equal([2, 3], Enumerable.Range(1, 3).Where(e => short_.Due(e, 3)));
    }

    private static DataTable Table(double shift) =>
        new([new NumericColumn("x", ColumnType.Numeric, [.. Enumerable.Range(0, 200).Select(i => i / 10.0 + shift)]),
             new CategoricalColumn("c", ColumnType.Categorical, ["a", "b"], [.. Enumerable.Range(0, 200).Select(i => i % 2)])]);

    [Fact]
    public void Consider_KeepsTheSnapshotClosestToTheValidationRows_AndLeavesTheRandomStreamAlone()
    {
        TorchRuntime.EnsureLoaded();
        lock (TorchRuntime.RandomLock)
        {
            using var module = nn.Linear(2, 1);
            using var selector = new SnapshotSelector(Table(0), epochs: 3, seed: 1);
            float[] kept = [];
            foreach (var (epoch, shift) in new[] { (1, 5.0), (2, 0.0), (3, 8.0) })
            {
                using (no_grad()) module.weight!.fill_(epoch);
                if (epoch == 2) kept = module.weight!.data<float>().ToArray();
                random.manual_seed(4);
                selector.Consider(epoch, module, (_, _) =>
                {
                    random.manual_seed(99); // the generation reseeds, as NeuralCommon.Generate does
                    return Table(shift);
                });
                var after = rand(3).data<float>().ToArray();
                random.manual_seed(4);
                Assert.Equal(rand(3).data<float>().ToArray(), after);
            }

            selector.Restore(module);

            Assert.Equal(2, selector.BestEpoch);
            Assert.Equal(kept, module.weight!.data<float>().ToArray());
        }
    }
}
