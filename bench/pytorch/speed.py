"""Reference for Arcanum's speed benchmark: the same models and loop in plain PyTorch.

Run by `dotnet run -c Release --project bench/Arcanum.Bench -- speed` (Debian: apt-get install python3-torch).
Prints one JSON line: {"model": ..., "samples_per_s": ..., "torch": version}.
"""
import argparse, json, time
import torch
import torch.nn as nn


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


class Cnn(nn.Module):
    # Same architecture as Arcanum.Torch.Models.Cnn (McMahan et al. 2017 FedAvg CNN).
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5, padding=2)
        self.conv2 = nn.Conv2d(32, 64, 5, padding=2)
        self.fc1 = nn.Linear(64 * 7 * 7, 512)
        self.fc2 = nn.Linear(512, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        return self.fc2(torch.relu(self.fc1(x.flatten(1))))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["mlp", "cnn"], required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--samples", type=int, default=12800)
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    shape = (a.samples, 784) if a.model == "mlp" else (a.samples, 1, 28, 28)
    x = torch.rand(shape)
    y = torch.randint(0, 10, (a.samples,))
    model = mlp() if a.model == "mlp" else Cnn()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    best = 0.0
    for r in range(a.repeats + 1):  # the first pass warms up
        perm = torch.randperm(a.samples)
        start = time.perf_counter()
        for i in range(0, a.samples, a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        elapsed = time.perf_counter() - start
        if r > 0:
            best = max(best, a.samples / elapsed)
    print(json.dumps({"model": a.model, "samples_per_s": best, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
