"""The train/held-out split of an Arcanum site (protos/README.md, "The split"), in plain Python.

Checked against the C# (Splits.Stratified, Seeds.ForStage): split_seed(42, "hospital-a") is 144310597 and the
example below prints the same rows as Arcanum does. That seed is below 161803398, where no int32 overflow
happens; with the examples' job (seed 7: split seeds 2127573983, 2119756952 and 1637130770 for hospital-a, -b,
-c) the wrapped port below reproduces `arcanum simulate`'s held-out rows (identical per-site metrics),
while a port without the wrap-around fails with an index out of range for hospital-a.
"""
MASK = (1 << 64) - 1
MBIG = 2**31 - 1

def i32(x):
    """C#'s int arithmetic wraps around (unchecked); Python's ints do not."""
    return (x + 2**31) % 2**32 - 2**31

def fnv1a(text):
    h = 14695981039346656037
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 1099511628211) & MASK
    return h

def splitmix(z):
    z = (z + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)

def split_seed(job_seed, site):
    a, b, c = job_seed & 0xFFFFFFFF, 0xC0FFEE, fnv1a("split/" + site)
    return splitmix(a ^ splitmix(b ^ splitmix(c))) & 0x7FFFFFFF

class NetRandom:
    """.NET's `new Random(seed)` (Knuth's subtractive generator)."""
    def __init__(self, seed):
        a = [0] * 56
        mj = 161803398 - (MBIG if seed == -2**31 else abs(seed))
        a[55] = mj
        mk, ii = 1, 0
        for _ in range(1, 55):
            ii = ii + 21 - 55 if ii + 21 >= 55 else ii + 21
            a[ii] = mk
            mk = i32(mj - mk)
            if mk < 0: mk += MBIG
            mj = a[ii]
        for _ in range(4):
            for i in range(1, 56):
                n = i + 30 - 55 if i + 30 >= 55 else i + 30
                a[i] = i32(a[i] - a[1 + n])
                if a[i] < 0: a[i] += MBIG
        self.a, self.inext, self.inextp = a, 0, 21

    def sample(self):
        self.inext = 1 if self.inext + 1 >= 56 else self.inext + 1
        self.inextp = 1 if self.inextp + 1 >= 56 else self.inextp + 1
        r = i32(self.a[self.inext] - self.a[self.inextp])
        if r == MBIG: r -= 1
        if r < 0: r += MBIG
        self.a[self.inext] = r
        return r * (1.0 / MBIG)

    def next(self, lo, hi):  # lo <= result < hi
        return int(self.sample() * (hi - lo)) + lo

def stratified(labels, holdout, seed):
    """labels[i]: class index of the i-th row that has a target value (file order)."""
    rnd = NetRandom(seed)
    train, held = [], []
    for k in sorted(set(labels)):
        rows = [i for i, y in enumerate(labels) if y == k]
        n = len(rows)
        for i in range(n - 1):               # .NET Random.Shuffle: forward Fisher-Yates
            j = rnd.next(i, n)
            rows[i], rows[j] = rows[j], rows[i]
        take = 0 if n < 2 else min(max(int(n * holdout + 0.5), 1), n - 1)   # round half away from zero
        held += rows[:take]
        train += rows[take:]
    return sorted(train), sorted(held)

if __name__ == "__main__":
    s = split_seed(42, "hospital-a")
    t, h = stratified([0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 2, 2, 1, 0], 0.3, s)
    print(s); print(",".join(map(str, t))); print(",".join(map(str, h)))


def batch_seed(job_seed, round_, site):
    """The seed of a site's batch order in one round: the same mix as split_seed, with the round and the bare site name."""
    a, b, c = job_seed & 0xFFFFFFFF, round_ & 0xFFFFFFFF, fnv1a(site)
    return splitmix(a ^ splitmix(b ^ splitmix(c))) & 0x7FFFFFFF


def batch_orders(job_seed, round_, site, n, epochs):
    """The order of the n training rows (positions in the training table, as the split lists them) in each local epoch.

    One generator per round; each epoch shuffles the previous epoch's order again (forward Fisher-Yates, as the split).
    Batches are consecutive slices of batch_size rows (the last one smaller).
    """
    rnd = NetRandom(batch_seed(job_seed, round_, site))
    order = list(range(n))
    for _ in range(epochs):
        for i in range(n - 1):
            j = rnd.next(i, n)
            order[i], order[j] = order[j], order[i]
        yield list(order)

