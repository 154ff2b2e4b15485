using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Models;

/// <summary>
/// The CNN of McMahan et al. (2017), the usual FedAvg baseline for MNIST-like images:
/// conv1 5×5 C→32 (padding 2) → ReLU → max-pool 2 → conv2 5×5 32→64 (padding 2) → ReLU → max-pool 2
/// → flatten (64·⌊H/4⌋·⌊W/4⌋) → fc1 → ReLU → fc2 → class logits. fc1's width is the spec's first
/// hidden size, 512 when none is given. For 1×28×28 input and 10 classes: 1,663,370 parameters.
/// Keys: <c>conv1.*</c>, <c>conv2.*</c>, <c>fc1.*</c>, <c>fc2.*</c>.
/// </summary>
internal sealed class Cnn : nn.Module<Tensor, Tensor>
{
    public const int DefaultDenseWidth = 512;

    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Linear fc1;
    private readonly Linear fc2;

    public Cnn(int channels, int height, int width, int denseWidth, int classes) : base(nameof(Cnn))
    {
        if (height < 4 || width < 4)
            throw new ArgumentException($"The CNN pools twice by 2, so images must be at least 4×4; got {height}×{width}.");
        conv1 = nn.Conv2d(channels, 32, kernel_size: 5, padding: 2);
        conv2 = nn.Conv2d(32, 64, kernel_size: 5, padding: 2);
        fc1 = nn.Linear(64L * (height / 4) * (width / 4), denseWidth);
        fc2 = nn.Linear(denseWidth, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.max_pool2d(nn.functional.relu(conv1.forward(input)), 2);
        x = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(x)), 2);
        x = nn.functional.relu(fc1.forward(x.flatten(1)));
        return fc2.forward(x);
    }
}
