#!/usr/bin/env bash
# Knowledge-base counts over a real federation (issue 13, part 1): a server and three `arcanum site` processes on
# 127.0.0.1, each holding a third of DDXPlus's patients_dev.csv (patient i at hospital i mod 3, with the release files
# beside it, in a temporary folder: the data is never copied into the repository). `arcanum admin cases-kb` builds the
# knowledge base from the counts the sites release under their minimum count (10); `arcanum cases kb --sites 3
# --min-count 10 --holdout-every 0` builds it in one process from the same split. The two must agree number for number.
#
#   ARCANUM=path/to/arcanum DDXPLUS=../shared/data/ddxplus bash bench/network/cases-kb.sh
set -u
: "${ARCANUM:?ARCANUM must name the arcanum executable}"
DDXPLUS=$(realpath "${DDXPLUS:-../shared/data/ddxplus}"); WORK=${WORK:-$(mktemp -d)}; REPO=$(pwd)
[ -f "$REPO/examples/project.yml" ] || { echo "run from the repository root (examples/project.yml not found)"; exit 2; }
[ -f "$DDXPLUS/patients_dev.csv" ] || { echo "no patients_dev.csv in $DDXPLUS"; exit 2; }
mkdir -p "$WORK"; cd "$WORK"
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop EXIT
python3 - "$DDXPLUS/patients_dev.csv" <<'PY'
import csv, os, shutil, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
for s, name in enumerate("abc"):
    os.makedirs(f"hospital-{name}", exist_ok=True)
    with open(f"hospital-{name}/patients.csv", "w", newline='') as f:
        w = csv.writer(f); w.writerow(rows[0]); w.writerows(r for i, r in enumerate(rows[1:]) if i % 3 == s)
    for release in ("release_conditions.json", "release_evidences.json"):
        shutil.copy(os.path.join(os.path.dirname(sys.argv[1]), release), f"hospital-{name}/")
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed "s/port: [0-9]*/port: $port/" "$REPO/examples/project.yml" > project.yml
"$ARCANUM" provision --project project.yml --out kits/ > provision.log 2>&1 || { cat provision.log; exit 1; }
"$ARCANUM" server --kit kits/server > server.log 2>&1 & pids+=($!)
for s in a b c; do
  "$ARCANUM" site --kit "kits/hospital-$s" --data "ddxplus=$WORK/hospital-$s/patients.csv" --threads 1 > "site-$s.log" 2>&1 & pids+=($!)
done
admin() { "$ARCANUM" admin --kit kits/admin@example.org "$@"; }
for i in $(seq 1 60); do [ "$(admin sites 2>/dev/null | grep -c ' online ')" -ge 3 ] && break; sleep 1; done
start=$(date +%s.%N)
admin cases-kb --data ddxplus --ddxplus "$DDXPLUS" --out kb-network.json || { tail -5 server.log site-*.log; exit 1; }
network_s=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
"$ARCANUM" cases kb --ddxplus "$DDXPLUS" --patients "$DDXPLUS/patients_dev.csv" --holdout-every 0 --sites 3 --min-count 10 --out kb-local.json > local.log
"$ARCANUM" cases kb --ddxplus "$DDXPLUS" --patients "$DDXPLUS/patients_dev.csv" --holdout-every 0 --out kb-pooled.json > pooled.log
python3 - kb-network.json kb-local.json kb-pooled.json "$network_s" <<'PY'
import json, sys
kbs = [json.load(open(path)) for path in sys.argv[1:4]]
def numbers(node, key="", out=None):
    out = {} if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in ("from", "source"): numbers(v, f"{key}/{k}", out)
    elif isinstance(node, list):
        for i, v in enumerate(node): numbers(v, f"{key}/{v.get('name', v.get('id', i)) if isinstance(v, dict) else i}", out)
    elif isinstance(node, (int, float)) and not isinstance(node, bool): out[key] = node
    return out
def link_p(kb): return {(d["name"], f["id"]): f["p"] for d in kb["diseases"] for f in d["findings"]}
net, loc, pool = kbs
n, l = numbers(net), numbers(loc)
same = max(abs(n[k] - l.get(k, float("nan"))) for k in n) if n.keys() == l.keys() else float("nan")
pn, pp = link_p(net), link_p(pool)
diffs = [abs(pn[k] - pp[k]) for k in pn]
counted = lambda kb: kb["estimation"]["patients"]
print("| knowledge base | patients counted | vs the network's: max abs difference, every number | vs the network's: finding probabilities, mean / max abs difference | time |")
print("|---|---:|---:|---:|---:|")
print(f"| network: 3 site processes, each releasing under min count 10 (`admin cases-kb`) | {counted(net):,} | - | - | {sys.argv[4]} s |")
print(f"| one process, same split and guard (`cases kb --sites 3 --min-count 10`) | {counted(loc):,} | {same:.3g} | - | - |")
print(f"| one process, all patients pooled, no guard (`cases kb --holdout-every 0`) | {counted(pool):,} | - | {sum(diffs) / len(diffs):.3f} / {max(diffs):.3f} | - |")
PY
