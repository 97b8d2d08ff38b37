#!/usr/bin/env bash
# Text at a real vocabulary size, side by side in one run: a generated SpamAssassin-sized mail folder
# (SyntheticMail from plumb-testing: 6,046 messages, ham and spam) trained by `plumb train` with the full vocabulary
# (sparse TF-IDF rows) and with the 5,000 most frequent terms, and — given OLD_JAR, a plumb.jar built from a commit
# before sparse features (e.g. 7581c77) — by that build with 5,000 terms (its dense rows) and, with OLD_ALL=1, with
# the full vocabulary. Each run under /usr/bin/time -v (peak RSS); the epoch time is the median of the `seconds`
# column of history.csv over epochs 2..N (evaluation of train and dev included, as the CLI reports it).
#
#   plumb-bench/compare/sparse-text.sh                                   # from the repository root
#   OLD_JAR=/path/to/old/plumb.jar plumb-bench/compare/sparse-text.sh
#
# Environment: MESSAGES (6046), TERMS (made-up vocabulary the generator draws from, 900000), EPOCHS (6), LAYERS (64),
# SEED (1), OUT (target/sparse-text), OLD_JAR, OLD_ALL.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=${OUT:-$ROOT/target/sparse-text}
MESSAGES=${MESSAGES:-6046}
TERMS=${TERMS:-900000}
EPOCHS=${EPOCHS:-6}
LAYERS=${LAYERS:-64}
SEED=${SEED:-1}
JAR=$ROOT/plumb-cli/target/plumb.jar

[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time: apt-get install -y time" >&2; exit 2; }
if [[ ! -f $JAR || ! -f $ROOT/plumb-testing/target/classes/dev/plumb/testing/SyntheticMail.class ]]; then
  mvn -B -ntp -q -pl plumb-cli,plumb-testing -am package -DskipTests
fi
rm -rf "$OUT" && mkdir -p "$OUT"
java -cp "$ROOT/plumb-core/target/classes:$ROOT/plumb-testing/target/classes" \
  "$ROOT/plumb-bench/compare/SyntheticMailMain.java" "$OUT/mail" "$MESSAGES" "$TERMS" "$SEED"

run() { # name jar max-features
  local name=$1 jar=$2 features=$3
  /usr/bin/time -v -o "$OUT/$name.time" java -XX:+UseSerialGC -jar "$jar" train --data "$OUT/mail" \
    --max-features "$features" --layers "$LAYERS" --epochs "$EPOCHS" --early-stopping off --seed "$SEED" \
    --out "$OUT/$name" > "$OUT/$name.log" 2>&1 || { echo "$name failed: see $OUT/$name.log" >&2; return 0; }
}

run sparse-all "$JAR" all
run sparse-5000 "$JAR" 5000
if [[ -n ${OLD_JAR:-} ]]; then
  run dense-5000 "$OLD_JAR" 5000
  [[ -n ${OLD_ALL:-} ]] && run dense-all "$OLD_JAR" 1000000000
fi

python3 - "$OUT" <<'EOF'
import csv, json, os, re, statistics, sys
out = sys.argv[1]
print("| run | vocabulary | features stored | peak RSS | epoch (median of 2..N) | test accuracy |")
print("|---|---|---|---|---|---|")
for name in ["sparse-all", "sparse-5000", "dense-5000", "dense-all"]:
    if not os.path.exists(f"{out}/{name}.time"):
        continue
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{out}/{name}.time").read()).group(1))
    log = open(f"{out}/{name}.log").read()
    vocab = re.search(r"vocabulary of ([0-9,]+)", log)
    try:
        rows = list(csv.DictReader(open(f"{out}/{name}/history.csv")))
        epoch = statistics.median(float(r["seconds"]) for r in rows[1:])
        record = json.load(open(f"{out}/{name}/run.json"))
        test = [e for e in record["result"]["evaluations"] if e["split"] == "test"][0]
        accuracy = f"{100 * (1 - test['error']):.2f} %"
        epoch = f"{epoch:.2f} s"
    except (OSError, KeyError, IndexError):
        epoch, accuracy = "failed", "—"
    print(f"| {name} | {vocab.group(1) if vocab else '?'} | {'dense' if name.startswith('dense') else 'sparse'} "
          f"| {rss / 1024:.0f} MB | {epoch} | {accuracy} |")
EOF
