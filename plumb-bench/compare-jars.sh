#!/usr/bin/env bash
# Two builds of Plumb side by side: FashionMnistBench from jar A and jar B, alternately, round after round, on
# the same workloads and seeds; prints each run's epoch times and weights checksum, then per workload the median
# epoch of each jar and the median of the per-round ratios B/A. Equal checksums mean bit-identical training.
#
#   plumb-bench/compare-jars.sh BASE.jar NEW.jar            # ROUNDS=3, EPOCHS=3 by default
#
# Environment: ROUNDS, EPOCHS, OUT (results file, default target/compare-jars.jsonl), WORKLOADS (a ';'-separated
# list of FashionMnistBench arguments; default: the four workloads of compare-pytorch.sh and the augmented ones),
# SUMMARY_ONLY=1 (render the table of an existing OUT again, running nothing). Per run it takes the median and the
# fastest of epochs 2..EPOCHS: the VM's speed switches between modes about 2x apart, and the fastest epoch is the
# figure least touched by a switch.
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1
B=$2
ROUNDS=${ROUNDS:-3}
EPOCHS=${EPOCHS:-3}
OUT=${OUT:-target/compare-jars.jsonl}
DEFAULT="--optimizer momentum --lr 0.05 --batch 128;--optimizer momentum --lr 0.05 --batch 32;\
--optimizer adam --lr 0.001 --batch 128;--optimizer momentum --lr 0.05 --batch 128 --keep-prob 0.8 --weight-decay 5e-4;\
--optimizer momentum --lr 0.05 --batch 128 --augment shift=2;--optimizer momentum --lr 0.05 --batch 128 --augment flip;\
--optimizer momentum --lr 0.05 --batch 128 --augment flip,rotate=10"
IFS=';' read -ra LIST <<< "${WORKLOADS:-$DEFAULT}"
if [[ ${SUMMARY_ONLY:-0} != 1 ]]; then
mkdir -p "$(dirname "$OUT")"
: > "$OUT"
for round in $(seq 1 "$ROUNDS"); do
    for w in "${LIST[@]}"; do
        if (( round % 2 == 1 )); then order="A B"; else order="B A"; fi
        for side in $order; do
            jar=$A; [[ $side == B ]] && jar=$B
            line=$(java -XX:+UseSerialGC -Xmx400m -Dorg.bytedeco.javacpp.cachedir=target/javacpp-cache -cp "$jar" \
                dev.plumb.bench.FashionMnistBench --epochs "$EPOCHS" --seed $((41 + round)) $w | grep '^{' | tail -1)
            python3 -c 'import json,sys; r=json.loads(sys.argv[1]); r.update(jar=sys.argv[2], args=sys.argv[3], round=int(sys.argv[4]), load=float(open("/proc/loadavg").read().split()[0])); print(json.dumps(r))' \
                "$line" "$side" "$w" "$round" | tee -a "$OUT" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%d %s %-75s %s crc %s load %.1f" % (r["round"], r["jar"], r["args"], " ".join("%.3f" % e for e in r["epoch_seconds"]), r["weights_crc32"], r["load"]))'
        done
    done
done
fi
python3 - "$OUT" <<'PY'
import json, statistics, sys
from collections import defaultdict
runs = [json.loads(l) for l in open(sys.argv[1])]
by = defaultdict(dict)
for r in runs:
    by[r["args"]].setdefault(r["round"], {})[r["jar"]] = r
ep = lambda r: statistics.median(r["epoch_seconds"][1:])
best = lambda r: min(r["epoch_seconds"][1:])
print("\n| workload | A s/epoch | B s/epoch | B/A per round (median epochs) | A fastest epochs | B fastest epochs "
      "| B/A per round (fastest epochs) | weights equal |")
print("|---|---|---|---|---|---|---|---|")
for args, rounds in by.items():
    pairs = [(v["A"], v["B"]) for v in rounds.values() if "A" in v and "B" in v]
    same = all(a["weights_crc32"] == b["weights_crc32"] for a, b in pairs)
    print("| `%s` | %.3f | %.3f | %s | %s | %s | %s | %s |" % (args, statistics.median(ep(a) for a, _ in pairs),
          statistics.median(ep(b) for _, b in pairs), " ".join("%.2f" % (ep(b) / ep(a)) for a, b in pairs),
          " ".join("%.3f" % best(a) for a, _ in pairs), " ".join("%.3f" % best(b) for _, b in pairs),
          " ".join("%.2f" % (best(b) / best(a)) for a, b in pairs), "yes" if same else "NO"))
PY
