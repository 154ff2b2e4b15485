"""Reference for Arcanum's CTGAN step benchmark: one CTGAN training step in plain PyTorch.

Implements the standard CTGAN step (Xu et al. 2019; sdv-dev/CTGAN) from the paper's description:
a residual generator with tanh / Gumbel-softmax outputs, a PacGAN critic (pac 10) trained as a
WGAN with gradient penalty, and the generator's conditional cross-entropy loss.
One step = one critic update followed by one generator update, batch 500 by default.
Run with Debian's torch (apt-get install python3-torch): python3 bench/pytorch/ctgan_step.py
Prints one JSON line: {"framework": "pytorch", ..., "ms_per_step_median": ..., "steps_per_s": ...}.
"""
import argparse, json, statistics, time
import torch
import torch.nn as nn
import torch.nn.functional as F

EMBEDDING, PAC, TAU, LAMBDA = 128, 10, 0.2, 10.0


class Residual(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.fc, self.bn = nn.Linear(i, o), nn.BatchNorm1d(o)

    def forward(self, x):
        return torch.cat([torch.relu(self.bn(self.fc(x))), x], dim=1)


def generator(c, d):
    i = EMBEDDING + c
    return nn.Sequential(Residual(i, 256), Residual(i + 256, 256), nn.Linear(i + 512, d))


def critic(width):
    return nn.Sequential(
        nn.Linear(width * PAC, 256), nn.LeakyReLU(0.2), nn.Dropout(0.5),
        nn.Linear(256, 256), nn.LeakyReLU(0.2), nn.Dropout(0.5), nn.Linear(256, 1))


def score(net, x):  # PacGAN: PAC consecutive rows form one critic input
    return net(x.view(-1, x.size(1) * PAC))


def gumbel_softmax(logits, tau):  # same computation as F.gumbel_softmax(logits, tau, hard=False)
    gumbels = -torch.empty_like(logits).exponential_().log()
    return torch.softmax((logits + gumbels) / tau, dim=-1)


def activate(raw, spans):
    out, st = [], 0
    for size, kind in spans:
        x = raw[:, st:st + size]
        out.append(torch.tanh(x) if kind == "tanh" else gumbel_softmax(x, TAU))
        st += size
    return torch.cat(out, dim=1)


def gradient_penalty(net, real, fake):  # exactly as CTGAN: one alpha per pac group
    b, w = real.shape
    alpha = torch.rand(b // PAC, 1, 1).repeat(1, PAC, w).view(-1, w)
    inter = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    out = score(net, inter)
    grad = torch.autograd.grad(out, inter, torch.ones_like(out), create_graph=True, retain_graph=True)[0]
    return ((grad.view(-1, PAC * w).norm(2, dim=1) - 1) ** 2).mean() * LAMBDA


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--continuous", type=int, default=8)
    p.add_argument("--modes", type=int, default=5)
    p.add_argument("--categorical", type=int, default=2)
    p.add_argument("--levels", type=int, default=3)
    p.add_argument("--batch", type=int, default=500)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    assert a.batch % PAC == 0, "batch must be a multiple of pac (10)"
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    # Layout: per continuous column [1 tanh] + [M-mode softmax]; per categorical column [levels softmax].
    spans = [s for _ in range(a.continuous) for s in ((1, "tanh"), (a.modes, "softmax"))]
    cat_start = sum(s for s, _ in spans)
    spans += [(a.levels, "softmax")] * a.categorical
    d, c, b, n_cat = sum(s for s, _ in spans), a.categorical * a.levels, a.batch, a.categorical

    # Fixed real batch: tanh columns uniform in [-1, 1], softmax spans one-hot.
    parts = [torch.rand(b, 1) * 2 - 1 if k == "tanh" else F.one_hot(torch.randint(s, (b,)), s).float()
             for s, k in spans]
    real = torch.cat(parts, dim=1)

    gen, dis = generator(c, d), critic(d + c)
    opt_g = torch.optim.Adam(gen.parameters(), lr=2e-4, betas=(0.5, 0.9), weight_decay=1e-6)
    opt_d = torch.optim.Adam(dis.parameters(), lr=2e-4, betas=(0.5, 0.9), weight_decay=1e-6)
    rows = torch.arange(b)

    def conditions():  # one random categorical column per row, a random level
        col, lvl = torch.randint(n_cat, (b,)), torch.randint(a.levels, (b,))
        cond = torch.zeros(b, c)
        cond[rows, col * a.levels + lvl] = 1
        return cond, F.one_hot(col, n_cat).float(), lvl

    def cond_loss(raw, mask, lvl):  # CTGAN's _cond_loss: CE of the raw logits per categorical span
        losses = [F.cross_entropy(raw[:, cat_start + j * a.levels: cat_start + (j + 1) * a.levels], lvl,
                                  reduction="none") for j in range(n_cat)]
        return (torch.stack(losses, dim=1) * mask).sum() / b

    def step():
        # Critic update.
        c1 = conditions()[0]
        c2 = c1[torch.randperm(b)]
        with torch.no_grad():
            fake = activate(gen(torch.cat([torch.randn(b, EMBEDDING), c1], dim=1)), spans)
        fake_cat, real_cat = torch.cat([fake, c1], dim=1), torch.cat([real, c2], dim=1)
        loss_d = -(score(dis, real_cat).mean() - score(dis, fake_cat).mean())
        pen = gradient_penalty(dis, real_cat, fake_cat)
        opt_d.zero_grad(set_to_none=False)
        (loss_d + pen).backward()
        opt_d.step()
        # Generator update.
        cond, mask, lvl = conditions()
        raw = gen(torch.cat([torch.randn(b, EMBEDDING), cond], dim=1))
        y_fake = score(dis, torch.cat([activate(raw, spans), cond], dim=1))
        loss_g = -y_fake.mean() + cond_loss(raw, mask, lvl)
        opt_g.zero_grad(set_to_none=False)
        loss_g.backward()
        opt_g.step()

    gen.train(), dis.train()
    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(json.dumps({"framework": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "batch": b, "data_width": d, "cond_width": c, "steps": a.steps,
                      "ms_per_step_median": median, "ms_per_step_mean": statistics.fmean(times),
                      "steps_per_s": 1000 / median}))  # steps_per_s from the median


if __name__ == "__main__":
    main()
