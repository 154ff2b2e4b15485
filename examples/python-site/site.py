#!/usr/bin/env python3
"""An Arcanum site in Python, written from protos/ alone (a conformance demo, not production).

    python3 site.py --kit kits/hospital-c --data pbc3=examples/sites/hospital-c.csv

Needs grpcio, grpcio-tools and numpy (Debian 12: python3-grpcio python3-grpc-tools python3-numpy).
The gRPC stubs are generated from protos/arcanum/v1/*.proto on first start (into --stubs).
Section numbers (§n) refer to protos/README.md.
"""
import argparse, hashlib, json, math, os, random, re, struct, sys, threading, time, datetime
from fractions import Fraction

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOS = os.path.normpath(os.path.join(HERE, "..", "..", "protos"))
sys.path.insert(0, os.path.join(PROTOS, "reference"))
import split as splitref  # protos/reference/split.py: the §6 split


def load_stubs(out):
    os.makedirs(out, exist_ok=True)
    if not os.path.exists(os.path.join(out, "arcanum", "v1", "federation_pb2_grpc.py")):
        from grpc_tools import protoc
        rc = protoc.main(["protoc", "-I" + PROTOS, "--python_out=" + out, "--grpc_python_out=" + out,
                          os.path.join(PROTOS, "arcanum/v1/federation.proto")])
        if rc != 0:
            sys.exit("protoc failed")
    sys.path.insert(0, out)
    from arcanum.v1 import federation_pb2, federation_pb2_grpc
    return federation_pb2, federation_pb2_grpc


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


# ---------------------------------------------------------------- §4 CSV reading and typing
MISSING = {"", "NA", "N/A", "NaN", "null", "NULL", "?", "."}
NUM_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
INT_RE = re.compile(r"^-?\d+$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:\d{2})?$")
ID_NAMES = {"id", "ptno", "pid", "patient_id", "patientid", "mrn"}


def parse_number(s):
    if not NUM_RE.match(s):
        return None
    v = float(s)
    return v if math.isfinite(v) else None


def is_int(s):
    return INT_RE.match(s) is not None and -2**63 <= int(s) < 2**63


def parse_date(s):
    m = DATE_RE.match(s)
    if not m:
        return None
    try:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        hh = int(m.group(5) or 0); mi = int(m.group(6) or 0); ss = int(m.group(8) or 0)
        frac = m.group(10) or ""
        tz = m.group(11)
        off = datetime.timedelta(0)
        if tz and tz != "Z":
            sign = 1 if tz[0] == "+" else -1
            off = sign * datetime.timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
        t = datetime.datetime(y, mo, d, hh, mi, ss, tzinfo=datetime.timezone.utc) - off
        ticks = (t - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)) // datetime.timedelta(microseconds=1)
        days = ticks / 86400e6 + (int(frac.ljust(7, "0")) / 1e7 / 86400 if frac else 0.0)
        return days
    except ValueError:
        return None


def canonical(v):
    """Shortest round-trip spelling of a double, no trailing .0 (§4 levels)."""
    r = repr(float(v))
    if r.endswith(".0"):
        r = r[:-2]
    return r.replace("e+", "E+").replace("e-", "E-")


def split_line(line, delim):
    out, cur, q, i = [], [], False, 0
    while i < len(line):
        ch = line[i]
        if q:
            if ch == '"':
                if i + 1 < len(line) and line[i + 1] == '"':
                    cur.append('"'); i += 1
                else:
                    q = False
            else:
                cur.append(ch)
        elif ch == '"':
            q = True
        elif ch == delim:
            out.append("".join(cur)); cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return [f.strip() for f in out]


def read_csv(path):
    with open(path, encoding="utf-8-sig") as f:
        lines = [l.rstrip("\r\n") for l in f]
    lines = [l for l in lines if l.strip() != ""]
    if not lines:
        raise ValueError(f"{path}: empty file")
    # delimiter: the candidate that splits the first lines into the same (largest) number of fields
    best, best_n = ",", 0
    for d in [",", ";", "\t", "|"]:
        counts = {len(split_line(l, d)) for l in lines[:10]}
        n = len(split_line(lines[0], d))
        if len(counts) == 1 and n > best_n:
            best, best_n = d, n
    header = split_line(lines[0], best)
    if any(h == "" for h in header) or len(set(header)) != len(header):
        raise ValueError(f"{path}: header names must be non-empty and unique")
    rows = []
    for k, l in enumerate(lines[1:], 2):
        r = split_line(l, best)
        if len(r) != len(header):
            raise ValueError(f"{path}: line {k} has {len(r)} fields, the header {len(header)}")
        rows.append(r)
    cols = {h: [None if r[j] in MISSING else r[j] for r in rows] for j, h in enumerate(header)}
    return header, cols, len(rows)


def infer_type(name, vals):
    v = [x for x in vals if x is not None]
    if not v:
        return "numeric"
    n = name.lower()
    if (n in ID_NAMES or n.endswith("_id")) and len(v) >= 2 and len(set(v)) == len(v):
        return "identifier"
    if all(is_int(x) for x in v):
        return "binary" if len({int(x) for x in v}) == 2 else "integer"
    nums = [parse_number(x) is not None for x in v]
    if all(nums):
        return "numeric"
    others = {x for x, ok in zip(v, nums) if not ok}
    if len(v) >= 10 and sum(nums) >= 0.9 * len(v) and len(others) <= 3:
        return "numeric"  # the reader then fails on the stray cell
    if all(parse_date(x) is not None for x in v):
        return "date"
    d = len(set(v))
    if d == 2:
        return "binary"
    if len(v) >= 20 and d > 0.9 * len(v):
        return "identifier"
    return "categorical"


class Table:
    def __init__(self, path):
        self.path = path
        self.header, self.cols, self.rows = read_csv(path)
        self.types = {h: infer_type(h, self.cols[h]) for h in self.header}

    def typed(self, column_types):
        t = dict(self.types)
        for k, v in (column_types or {}).items():
            if k in t:
                t[k] = v
        return t

    def all_numbers(self, name):
        v = [x for x in self.cols[name] if x is not None]
        return bool(v) and all(parse_number(x) is not None for x in v)

    def level(self, name, cell):
        """§4: the level text of a cell (None when missing)."""
        if cell is None:
            return None
        return canonical(parse_number(cell)) if self.all_numbers(name) else cell

    def values(self, name, typ):
        """Numeric-like values as floats (None when missing); FAILED on a cell that does not fit."""
        out = []
        for c in self.cols[name]:
            if c is None:
                out.append(None); continue
            v = parse_date(c) if typ == "date" else parse_number(c)
            if v is None:
                raise TaskFailed(f"column '{name}': '{c}' is not a {typ} value")
            out.append(v)
        return out


class TaskFailed(Exception):
    pass


class TaskRefused(Exception):
    pass


def sort_values(vals):
    """§5: numerically when all are numbers (ties by ordinal text), else ordinal (UTF-16) order."""
    if vals and all(parse_number(v) is not None for v in vals):
        return sorted(vals, key=lambda s: (parse_number(s), s.encode("utf-16-be")))
    return sorted(vals, key=lambda s: s.encode("utf-16-be"))


# ---------------------------------------------------------------- the site's knowledge of a job
def features_of(table, job):
    target = job.get("target")
    skip = set(job.get("exclude") or []) | {target, job.get("site_column")}
    return [h for h in table.header if h not in skip and table.types[h] != "identifier"]


def check_columns(table, job):
    if job.get("target") not in table.cols:
        raise TaskRefused(f"this site's table has no target column '{job.get('target')}'")
    for c in job.get("exclude") or []:
        if c not in table.cols:
            raise TaskRefused(f"this site's table has no column '{c}' (excluded by the job)")


def describe(table, job):
    check_columns(table, job)
    target = job["target"]
    feats = features_of(table, job)
    columns = []
    for f in feats:
        vals = [x for x in table.cols[f] if x is not None]
        c = {"name": f, "type": table.types[f]}
        nums = [parse_number(x) for x in vals]
        if all(n is not None and n == int(n) for n in nums):
            d = sorted({int(n) for n in nums})
            if len(d) <= 2:
                c["numbers"] = d
        if len(set(table.level(f, x) for x in vals)) <= 1:
            c["constant"] = True
        columns.append(c)
    tv = {table.level(target, x) for x in table.cols[target] if x is not None}
    return {"rows": table.rows, "target_values": sort_values(list(tv)), "features": feats, "columns": columns}


def labels_of(table, job, setup):
    """§5: (row index, label) for rows with a target."""
    target = job["target"]
    names = setup["class_names"]
    pos = job.get("positive")
    out = []
    for i, cell in enumerate(table.cols[target]):
        if cell is None:
            continue
        if pos is not None:
            p = pos.strip()
            a, b = parse_number(cell), parse_number(p)
            hit = cell == p or (a is not None and b is not None and a == b)
            out.append((i, 1 if hit else 0))
        else:
            lv = table.level(target, cell)
            if lv not in names and cell not in names:
                raise TaskFailed(f"target value '{cell}' is not one of the study's classes")
            out.append((i, names.index(lv if lv in names else cell)))
    return out


def split_rows(table, job, setup, site):
    lab = labels_of(table, job, setup)
    if len(lab) < 2:
        raise TaskFailed("fewer than 2 rows with a target value")
    seed = splitref.split_seed(int(job["seed"]), site)
    tr, ho = splitref.stratified([y for _, y in lab], float(job["holdout"]), seed)
    if not tr or not ho:
        raise TaskFailed("the split leaves an empty side")
    rows = np.array([i for i, _ in lab]); ys = np.array([y for _, y in lab])
    return rows[tr], ys[tr], rows[ho], ys[ho]


def exact(xs):
    f = sum(map(Fraction, xs), Fraction(0))
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}p-{f.denominator.bit_length() - 1}"


def statistics(table, job, setup, site):
    check_columns(table, job)
    for f in setup["features"]:
        if f not in table.cols:
            raise TaskRefused(f"this site's table has no column '{f}' (a feature of the study)")
    types = table.typed(setup.get("column_types"))
    tr, ytr, ho, yho = split_rows(table, job, setup, site)
    K = len(setup["class_names"])
    cols = []
    for f in setup["features"]:
        t = types[f]
        e = {"name": f, "type": t}
        if t in ("numeric", "integer", "date"):
            vals = table.values(f, t)
            v = [vals[i] for i in tr if vals[i] is not None]
            e.update(count=len(v), missing=len(tr) - len(v), sum=exact(v), sum_of_squares=exact(x * x for x in v))
        else:
            lv = [table.level(f, table.cols[f][i]) for i in tr]
            lv = [x for x in lv if x is not None]
            levels = {}
            for x in lv:
                levels[x] = levels.get(x, 0) + 1
            e.update(count=len(lv), missing=len(tr) - len(lv), levels=levels)
        cols.append(e)
    return {"train_rows": len(tr), "holdout_rows": len(ho),
            "class_counts": [int((ytr == k).sum()) for k in range(K)],
            "holdout_class_counts": [int((yho == k).sum()) for k in range(K)],
            "statistics": {"version": 1, "row_count": len(tr), "columns": cols}}


def encode(table, setup, rows):
    """§8: rows -> float32 [n, F]."""
    enc = json.loads(setup["encoder"])
    types = table.typed(setup.get("column_types"))
    parts = []
    for c in enc["columns"]:
        name = c["name"]
        if name not in table.cols:
            raise TaskRefused(f"this site's table has no column '{name}' (a feature of the study)")
        cells = [table.cols[name][i] for i in rows]
        miss = np.array([x is None for x in cells], dtype=np.float32)
        if c["encoding"] == "standardise":
            vals = table.values(name, types[name] if types[name] in ("numeric", "integer", "date") else "numeric")
            x = np.array([0.0 if vals[i] is None else (vals[i] - c["mean"]) / c["std"] for i in rows])
            parts.append(x[:, None])
        elif c["encoding"] == "binary":
            if c["levels"]:
                lv = c["levels"][0]
                x = np.array([c["mean"] if cell is None else (1.0 if table.level(name, cell) == lv else 0.0) for cell in cells])
                parts.append(x[:, None])
        elif c["encoding"] == "oneHot":
            m = np.zeros((len(rows), len(c["levels"])))
            idx = {l: k for k, l in enumerate(c["levels"])}
            for r, cell in enumerate(cells):
                k = idx.get(table.level(name, cell)) if cell is not None else None
                if k is not None:
                    m[r, k] = 1.0
            parts.append(m)
        else:
            raise TaskFailed(f"unknown encoding '{c['encoding']}'")
        if c["missingIndicator"]:
            parts.append(miss[:, None])
    X = np.concatenate(parts, axis=1).astype(np.float32)
    want = setup["sample_shape"][0]
    if X.shape[1] != want:
        raise TaskFailed(f"encoded {X.shape[1]} features, sample_shape says {want}")
    return X


# ---------------------------------------------------------------- §11 safetensors
def st_read(buf):
    n = struct.unpack("<Q", buf[:8])[0]
    hdr = json.loads(buf[8:8 + n])
    base = 8 + n
    items = [(k, v) for k, v in hdr.items() if k != "__metadata__"]
    items.sort(key=lambda kv: kv[1]["data_offsets"][0])
    dt = {"F32": np.float32, "F64": np.float64, "F16": np.float16}
    out = []
    for k, v in items:
        a, b = v["data_offsets"]
        raw = buf[base + a: base + b]
        if v["dtype"] == "BF16":
            arr = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(raw, np.dtype(dt[v["dtype"]]).newbyteorder("<"))
        out.append((k, arr.astype(np.float32).reshape(v["shape"])))
    return out


def st_write(tensors):
    hdr, off, blobs = {}, 0, []
    for k, a in tensors:
        b = np.ascontiguousarray(a, dtype="<f4").tobytes()
        hdr[k] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [off, off + len(b)]}
        off += len(b); blobs.append(b)
    h = json.dumps(hdr, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


# ---------------------------------------------------------------- §9 models and training
def forward(params, X):
    """params: [W1, b1, W2, b2, ...]; returns logits and the activations for backprop."""
    acts = [X]
    h = X
    L = len(params) // 2
    for l in range(L):
        z = h @ params[2 * l].T + params[2 * l + 1]
        if l < L - 1:
            z = np.maximum(z, 0)
        acts.append(z)
        h = z
    return h, acts


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def loss_grad(params, X, y, cw):
    logits, acts = forward(params, X)
    p = softmax(logits.astype(np.float64))
    n = len(y)
    w = np.ones(n) if cw is None else cw[y]
    W = w.sum()
    loss = float(-(w * np.log(np.maximum(p[np.arange(n), y], 1e-300))).sum() / W)
    d = p.copy(); d[np.arange(n), y] -= 1; d *= (w / W)[:, None]
    grads = [None] * len(params)
    L = len(params) // 2
    d = d.astype(np.float32)
    for l in range(L - 1, -1, -1):
        grads[2 * l] = d.T @ acts[l]
        grads[2 * l + 1] = d.sum(axis=0)
        if l > 0:
            d = (d @ params[2 * l]) * (acts[l] > 0)
    return loss, grads


def train(params, X, y, job, setup, mu, control, c_i, site, rnd, abandoned):
    x0 = [p.copy() for p in params]
    cw = None if setup.get("class_weights") is None else np.array(setup["class_weights"], dtype=np.float64)
    lr, bs, E = float(job["lr"]), int(job["batch_size"]), int(job["local_epochs"])
    mom, wd = float(job["momentum"]), float(job["weight_decay"])
    opt = job["optimizer"]
    n = len(y)
    orders = splitref.batch_orders(int(job["seed"]), rnd, site, n, E)   # protos/README §9: Arcanum's batch order
    buf = [np.zeros_like(p) for p in params]; m2 = [np.zeros_like(p) for p in params]
    steps, t = 0, 0
    last = 0.0
    for ep in range(E):
        order = np.array(next(orders), dtype=np.int64)
        tot = 0.0
        for s in range(0, n, bs):
            if abandoned():
                raise TaskFailed("abandoned")
            b = order[s:s + bs]
            loss, g = loss_grad(params, X[b], y[b], cw)
            tot += loss * len(b)
            for k in range(len(params)):
                gk = g[k]
                if mu > 0:
                    gk = gk + mu * (params[k] - x0[k])
                if control is not None:
                    gk = gk + (control[k] - c_i[k])
                if wd > 0:
                    gk = gk + wd * params[k]
                if opt == "sgd":
                    if mom > 0:
                        buf[k] = gk if steps == 0 else mom * buf[k] + gk
                        gk = buf[k]
                    params[k] = (params[k] - lr * gk).astype(np.float32)
                else:  # adam
                    b1, b2, eps = 0.9, 0.999, 1e-8
                    buf[k] = b1 * buf[k] + (1 - b1) * gk
                    m2[k] = b2 * m2[k] + (1 - b2) * gk * gk
                    tt = steps + 1
                    mh = buf[k] / (1 - b1 ** tt); vh = m2[k] / (1 - b2 ** tt)
                    params[k] = (params[k] - lr * mh / (np.sqrt(vh) + eps)).astype(np.float32)
            steps += 1
        last = tot / n
    if not all(np.all(np.isfinite(p)) for p in params):
        raise TaskFailed("training diverged (non-finite weights)")
    delta = None
    if control is not None:
        beta = mom if opt == "sgd" else 0.0
        K = steps if beta == 0 else (steps - beta * (1 - beta ** steps) / (1 - beta)) / (1 - beta)
        delta = [((x0[k] - params[k]) / (K * lr) - control[k]).astype(np.float32) for k in range(len(params))]
    return params, steps, last, delta


# ---------------------------------------------------------------- §10 evaluation
def real(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def auroc(s, y):
    pos, neg = s[y == 1], s[y == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort"); ranks = np.empty(len(s)); ss = s[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and ss[j + 1] == ss[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y == 1].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def auprc(s, y):
    P = int((y == 1).sum())
    if P == 0:
        return float("nan")
    order = np.argsort(-s, kind="mergesort"); ss, yy = s[order], y[order]
    ap, tp, fp, prev_r, i = 0.0, 0, 0, 0.0, 0
    while i < len(ss):
        j = i
        while j < len(ss) and ss[j] == ss[i]:
            tp += int(yy[j] == 1); fp += int(yy[j] != 1); j += 1
        r = tp / P
        ap += (r - prev_r) * tp / (tp + fp)
        prev_r = r; i = j
    return ap


def f1(pred, y):
    tp = int(((pred == 1) & (y == 1)).sum()); fp = int(((pred == 1) & (y != 1)).sum()); fn = int(((pred != 1) & (y == 1)).sum())
    return float("nan") if 2 * tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def score_histograms(p, y, K, bins=16384):
    """§10 score_histograms: per ranked class, [bin, count] pairs of the non-empty bins of its scores."""
    def pairs(b):
        c = np.bincount(b, minlength=bins)
        return [[int(i), int(c[i])] for i in np.nonzero(c)[0]]
    ranked = []
    for k in ([1] if K == 2 else range(K)):
        b = np.minimum((p[:, k] * bins).astype(np.int64), bins - 1)
        ranked.append({"class": k, "positives": pairs(b[y == k]), "negatives": pairs(b[y != k])})
    return {"bins": bins, "classes": K, "ranked": ranked}


def evaluate(params, X, y, K, rnd):
    logits, _ = forward(params, X)
    p = softmax(logits.astype(np.float64))
    pred = np.argmax(p, axis=1)  # ties: the first (lower) class
    n = len(y)
    acc = float((pred == y).mean()) if n else float("nan")
    present = [k for k in range(K) if (y == k).any()]
    bal = float(np.mean([(pred[y == k] == k).mean() for k in present])) if present else float("nan")
    if K == 2:
        m = dict(auroc=auroc(p[:, 1], y), auprc=auprc(p[:, 1], y), f1=f1(pred, y),
                 brier=float(((p[:, 1] - (y == 1)) ** 2).mean()) if n else float("nan"))
        conf, outcome = p[:, 1], (y == 1)
    else:
        au, ap, ff = [], [], []
        for k in range(K):
            yk = (y == k).astype(int)
            if yk.sum() == 0:
                continue
            if yk.sum() < n:
                au.append(auroc(p[:, k], yk))
            ap.append(auprc(p[:, k], yk)); ff.append(f1((pred == k).astype(int), yk))
        oh = np.eye(K)[y]
        m = dict(auroc=float(np.mean(au)) if au else float("nan"), auprc=float(np.mean(ap)) if ap else float("nan"),
                 f1=float(np.mean(ff)) if ff else float("nan"),
                 brier=float(((p - oh) ** 2).sum(axis=1).mean()) if n else float("nan"))
        conf, outcome = p.max(axis=1), (pred == y)
    bins = np.minimum((conf * 10).astype(int), 9)
    cal, ece = [], 0.0
    for b in range(10):
        sel = bins == b
        c = int(sel.sum())
        if c == 0:
            continue
        ps, os_ = float(conf[sel].sum()), float(outcome[sel].sum())
        cal.append({"bin": b, "predicted_sum": ps, "observed_sum": os_, "count": c})
        ece += c / n * abs(ps / c - os_ / c)
    m.update(accuracy=acc, balanced_accuracy=bal, ece=ece if n else float("nan"))
    return {"round": rnd, "holdout_rows": int(n), "metrics": {k: real(v) for k, v in m.items()}, "calibration": cal,
            "score_histograms": score_histograms(p, y, K)}


# ---------------------------------------------------------------- the gRPC conversation
class Superseded(Exception):
    pass


class Revoked(Exception):
    pass


class Site:
    def __init__(self, args, pb, pbg):
        import grpc
        self.grpc, self.pb, self.pbg = grpc, pb, pbg
        self.args = args
        kit = args.kit
        with open(os.path.join(kit, "kit.json")) as f:
            self.kit = json.load(f)
        self.policy = self.kit.get("policy") or {}
        rd = lambda n: open(os.path.join(kit, n), "rb").read()
        creds = grpc.ssl_channel_credentials(root_certificates=rd("ca.pem"), private_key=rd("key.pem"), certificate_chain=rd("cert.pem"))
        host = self.kit.get("server_host") or self.kit.get("server", {}).get("host")
        port = self.kit.get("server_port") or self.kit.get("server", {}).get("port")
        self.target, self.creds = f"{host}:{port}", creds
        self.connect()
        self.tables = {}
        for d in args.data:
            name, _, path = d.partition("=")
            self.tables[name] = Table(path)  # checked at start
        self.session = None
        self.site = None
        self.abandon = set()
        self.busy = ""
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.fatal = None
        self.workspace = os.path.join(kit, "workspace-py"); os.makedirs(self.workspace, exist_ok=True)

    def connect(self):
        """A fresh channel. (Seen with grpcio 1.51: after a server restart an old channel kept failing
        with 'Socket closed' while new ones connected, so registering again also reconnects.)"""
        if getattr(self, "channel", None) is not None:
            self.channel.close()
        self.channel = self.grpc.secure_channel(self.target, self.creds, options=[
            ("grpc.max_receive_message_length", 4 * 1024 * 1024), ("grpc.max_send_message_length", 4 * 1024 * 1024)])
        self.stub = self.pbg.FederationStub(self.channel)

    def md(self):
        return (("arcanum-session", self.session),)

    def call(self, fn, req, **kw):
        """One call with the session; maps the documented errors (§2)."""
        grpc = self.grpc
        try:
            return fn(req, metadata=self.md(), **kw)
        except grpc.RpcError as e:
            self.classify(e)
            raise

    def classify(self, e):
        grpc = self.grpc
        c = e.code()
        if c == grpc.StatusCode.ABORTED and "superseded" in (e.details() or ""):
            self.fatal = Superseded(e.details()); self.stop.set(); raise self.fatal
        if c == grpc.StatusCode.PERMISSION_DENIED and self.session is not None and "revoked" in (e.details() or "").lower():
            self.fatal = Revoked(e.details()); self.stop.set(); raise self.fatal

    def register(self):
        pol = self.pb.SitePolicy(allowed_algorithms=self.policy.get("allowed_algorithms") or [],
                                 min_sites=int(self.policy.get("min_sites") or 0), max_rounds=int(self.policy.get("max_rounds") or 0))
        delay = 1.0
        while not self.stop.is_set():
            try:
                r = self.stub.Register(self.pb.RegisterRequest(datasets=list(self.tables), policy=pol,
                                                               software="arcanum-python-site 0.1 (protos/ conformance demo)"), timeout=30)
                self.session, self.site, self.hb = r.session, r.site, max(1, r.heartbeat_interval_s)
                log(f"registered as {r.site} in project {r.project}; heartbeat every {self.hb}s")
                return
            except self.grpc.RpcError as e:
                c = e.code()
                if c == self.grpc.StatusCode.PERMISSION_DENIED:
                    self.fatal = Revoked(e.details()); self.stop.set(); raise self.fatal
                if c in (self.grpc.StatusCode.UNAVAILABLE, self.grpc.StatusCode.DEADLINE_EXCEEDED):
                    d = delay * (0.5 + random.random() / 2)
                    log(f"server unreachable ({c.name}); retrying in {d:.1f}s")
                    time.sleep(d); delay = min(delay * 2, 30)
                    self.connect()
                    continue
                raise

    def heartbeat_loop(self):
        while not self.stop.wait(self.hb):
            try:
                r = self.call(self.stub.Heartbeat, self.pb.HeartbeatRequest(busy_with_task_id=self.busy), timeout=10)
                if r.abandon_task_ids:
                    log("abandon:", list(r.abandon_task_ids))
                    with self.lock:
                        self.abandon.update(r.abandon_task_ids)
            except (Superseded, Revoked):
                return
            except self.grpc.RpcError as e:
                if e.code() == self.grpc.StatusCode.FAILED_PRECONDITION:
                    pass  # the pull loop registers again
                else:
                    log("heartbeat:", e.code().name, e.details())

    def run(self):
        self.register()
        threading.Thread(target=self.heartbeat_loop, daemon=True).start()
        delay = 1.0
        while not self.stop.is_set():
            try:
                r = self.call(self.stub.PullTask, self.pb.PullTaskRequest(wait_ms=20000), timeout=40)
                delay = 1.0
                if r.HasField("task"):
                    self.handle(r.task)
            except Superseded as e:
                log("superseded by a newer registration of this site; stopping:", e); return 1
            except Revoked as e:
                log("this site's certificate is revoked; stopping:", e); return 1
            except self.grpc.RpcError as e:
                c = e.code()
                if self.fatal:
                    log("stopping:", self.fatal); return 1
                if c == self.grpc.StatusCode.FAILED_PRECONDITION:
                    log("server says:", e.details(), "- registering again"); self.register(); continue
                if c == self.grpc.StatusCode.PERMISSION_DENIED:
                    log("permission denied on pull (revoked?):", e.details()); return 1
                if c in (self.grpc.StatusCode.UNAVAILABLE, self.grpc.StatusCode.DEADLINE_EXCEEDED):
                    d = delay * (0.5 + random.random() / 2)
                    log(f"{c.name}; retrying in {d:.1f}s"); time.sleep(d); delay = min(delay * 2, 30)
                    if c == self.grpc.StatusCode.UNAVAILABLE and delay >= 4:
                        self.register()
                    continue
                log("pull:", c.name, e.details()); time.sleep(1)
        if self.fatal:
            log("stopping:", type(self.fatal).__name__, self.fatal)
            return 1
        return 0

    # ---- tasks
    def download(self, task):
        buf, delay = bytearray(), 1.0
        while len(buf) < task.payload_bytes:
            try:
                for ch in self.call(self.stub.DownloadPayload, self.pb.DownloadRequest(task_id=task.task_id, offset=len(buf)), timeout=120):
                    if ch.offset != len(buf):
                        raise TaskFailed(f"payload chunk at offset {ch.offset}, expected {len(buf)}")
                    buf += ch.data
                break
            except self.grpc.RpcError as e:
                if e.code() in (self.grpc.StatusCode.UNAVAILABLE, self.grpc.StatusCode.DEADLINE_EXCEEDED):
                    time.sleep(delay); delay = min(delay * 2, 30); continue  # resume from len(buf)
                raise
        if len(buf) != task.payload_bytes or hashlib.sha256(buf).hexdigest() != task.payload_sha256:
            raise TaskFailed("payload failed its size/SHA-256 check")
        return bytes(buf)

    def submit(self, task, status, message="", result=None, payload=b""):
        rj = "" if result is None else json.dumps(result, separators=(",", ":"), allow_nan=False)
        def parts():
            yield self.pb.ResultPart(header=self.pb.ResultHeader(task_id=task.task_id, status=status, message=message,
                                                                 result_json=rj, payload_bytes=len(payload)))
            if payload:
                for i in range(0, len(payload), 1 << 20):
                    yield self.pb.ResultPart(chunk=payload[i:i + (1 << 20)])
                sha = hashlib.sha256(payload).hexdigest()
                if self.args.misbehave == "train-bad-sha":
                    sha = "0" * 64
                yield self.pb.ResultPart(trailer=self.pb.ResultTrailer(payload_sha256=sha))
        for attempt in range(3):
            try:
                r = self.call(self.stub.SubmitResult, parts(), timeout=120)
                log(f"  answered {task.task_id}: accepted={r.accepted} {r.message}")
                return r
            except self.grpc.RpcError as e:
                log(f"  answer to {task.task_id} refused: {e.code().name}: {e.details()}")
                if e.code() == self.grpc.StatusCode.DATA_LOSS:
                    continue  # damaged in transit: send again while the task is open
                if self.fatal:
                    raise self.fatal
                return None
        if payload:  # the payload never arrived intact: say so rather than leave the round waiting
            return self.submit(task, self.pb.RESULT_STATUS_FAILED, "the result payload failed its SHA-256 check 3 times")

    def refuse_by_policy(self, job):
        al = self.policy.get("allowed_algorithms")
        if al and job["algorithm"].strip().lower() not in [a.lower() for a in al]:
            return f"algorithm {job['algorithm']} not allowed"
        if self.policy.get("max_rounds") and job["rounds"] > self.policy["max_rounds"]:
            return f"{job['rounds']} rounds is more than this site's max_rounds {self.policy['max_rounds']}"
        if self.policy.get("min_sites") and job["min_sites"] < self.policy["min_sites"]:
            return f"job min_sites {job['min_sites']} is below this site's min_sites {self.policy['min_sites']}"
        return None

    def handle(self, task):
        kinds = {1: "DESCRIBE", 2: "STATISTICS", 3: "TRAIN", 4: "EVALUATE"}
        kind = kinds.get(task.kind, str(task.kind))
        log(f"task {task.task_id} job {task.job_id} {kind} round {task.round} eval_round {task.evaluate_round}")
        self.busy = task.task_id
        OK, REFUSED, FAILED = self.pb.RESULT_STATUS_OK, self.pb.RESULT_STATUS_REFUSED, self.pb.RESULT_STATUS_FAILED
        abandoned = lambda: task.task_id in self.abandon or self.stop.is_set()
        try:
            job = json.loads(task.job_json)
            setup = json.loads(task.setup_json) if task.setup_json else None
            why = self.refuse_by_policy(job)
            if why:
                raise TaskRefused(why)
            if job["data"] not in self.tables:
                raise TaskRefused(f"this site has no dataset '{job['data']}'")
            table = self.tables[job["data"]]
            payload = b""
            if kind == "DESCRIBE":
                res = describe(table, job)
                mal = self.args.misbehave
                if mal == "describe-features-objects":
                    res["features"] = [{"name": f, "type": table.types[f]} for f in res["features"]]
                elif mal == "describe-unknown-field":
                    res["colour"] = "blue"
            elif kind == "STATISTICS":
                res = statistics(table, job, setup, self.site)
                if self.args.misbehave == "statistics-bad-counts":
                    res["statistics"]["columns"][0]["missing"] += 1
                elif self.args.misbehave == "statistics-float-count":
                    res["train_rows"] = float(res["train_rows"])
            elif kind in ("TRAIN", "EVALUATE"):
                tensors = st_read(self.download(task))
                glob = [(k[len("global/"):], a) for k, a in tensors if k.startswith("global/")]
                ctrl = [a.astype(np.float32) for k, a in tensors if k.startswith("control/")]
                params = [a.astype(np.float32).copy() for _, a in glob]
                tr, ytr, ho, yho = split_rows(table, job, setup, self.site)
                K = len(setup["class_names"])
                res = {}
                if kind == "EVALUATE" or task.evaluate_round > 0:
                    ev = evaluate(params, encode(table, setup, ho), yho, K, task.evaluate_round)
                    if self.args.misbehave == "eval-wrong-round":
                        ev["round"] += 1
                    res = {"evaluation": ev}
                if kind == "TRAIN":
                    ci = None
                    cpath = os.path.join(self.workspace, f"scaffold-{task.job_id}.npz")
                    if ctrl:
                        ci = [a for _, a in sorted(np.load(cpath).items(), key=lambda kv: int(kv[0][1:]))] if os.path.exists(cpath) else [np.zeros_like(a) for a in ctrl]
                    X = encode(table, setup, tr)
                    if self.args.misbehave == "slow-train":  # outlive the deadline: the heartbeat says abandon
                        for _ in range(300):
                            if abandoned():
                                break
                            time.sleep(0.1)
                    params, steps, loss, delta = train(params, X, ytr, job, setup, float(task.proximal_mu), ctrl or None, ci,
                                                       self.site, task.round, abandoned)
                    out = [("weights/" + n, p) for (n, _), p in zip(glob, params)]
                    if delta is not None:
                        out += [("control_delta/" + n, d) for (n, _), d in zip(glob, delta)]
                        np.savez(cpath, **{f"c{k}": ci[k] + delta[k] for k in range(len(ci))})
                    if self.args.misbehave == "train-wrong-order":
                        out = out[::-1]
                    payload = st_write(out)
                    res = {"samples": int(len(ytr)), "steps": int(steps), "train_loss": real(loss), **res}
            else:
                raise TaskFailed(f"unknown task kind {task.kind}")
            if abandoned():
                log(f"  {task.task_id} abandoned; not answering"); return
            self.submit(task, OK, "", res, payload)
        except TaskRefused as e:
            log("  refused:", e); self.submit(task, REFUSED, str(e))
        except TaskFailed as e:
            if abandoned():
                log(f"  {task.task_id} abandoned; not answering"); return
            log("  failed:", e); self.submit(task, FAILED, str(e))
        except (Superseded, Revoked):
            raise
        except self.grpc.RpcError:
            raise
        except Exception as e:
            import traceback; traceback.print_exc()
            self.submit(task, FAILED, f"{type(e).__name__}: {e}")
        finally:
            self.busy = ""
            with self.lock:
                self.abandon.discard(task.task_id)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kit", required=True, help="the site's startup kit folder (kit.json, cert.pem, key.pem, ca.pem)")
    ap.add_argument("--data", action="append", default=[], metavar="NAME=path.csv", help="a dataset (repeatable)")
    ap.add_argument("--stubs", default=os.path.join(HERE, ".stubs"), help="where the generated gRPC stubs go")
    ap.add_argument("--misbehave", choices=["describe-features-objects", "describe-unknown-field", "statistics-bad-counts",
                             "statistics-float-count", "train-wrong-order", "train-bad-sha", "eval-wrong-round", "slow-train"],
                    help="testing only: send a malformed answer, to check the server refuses it")
    args = ap.parse_args()
    if not args.data:
        ap.error("give at least one --data NAME=path.csv")
    for d in args.data:
        if "=" not in d or not os.path.isfile(d.partition("=")[2]):
            ap.error(f"--data {d}: expected NAME=path to an existing CSV")
    pb, pbg = load_stubs(args.stubs)
    site = Site(args, pb, pbg)
    try:
        sys.exit(site.run())
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
