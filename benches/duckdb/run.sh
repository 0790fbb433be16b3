#!/usr/bin/env bash
# `weiquan stats` against DuckDB on the same JSON Lines file, side by side (issue 6).
#
#   bash benches/duckdb/run.sh [COUNT] [THREADS]     (default 10000000 complaints, 2 threads)
#
# Installs the `duckdb` Python package with pip if it is missing, builds the release binary,
# generates COUNT complaints with `weiquan generate --seed 1` (kept in $BENCH_DIR, default
# target/bench-duckdb, about 1.2 KB a line: 10M lines are about 12 GB), then runs
# - DuckDB: SELECT quarter, division, major category, count(*) ... GROUP BY ... HAVING
#   count(*) >= 10, reading only those three fields (benches/duckdb/query.py);
# - weiquan stats FILE --by period=quarter,region=county,category=major --k 10: the same
#   grouping, plus margins, validation of the fields read, secondary suppression and the audit;
# and prints wall time, CPU time and peak memory of each (GNU time) and the ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-10000000}
THREADS=${2:-2}
DIR=${BENCH_DIR:-target/bench-duckdb}
TARGET=${CARGO_TARGET_DIR:-target}
mkdir -p "$DIR"

python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
cargo build --release --quiet -p weiquan-cli
WEIQUAN="$TARGET/release/weiquan"

FILE="$DIR/complaints-$COUNT.jsonl"
if [ ! -s "$FILE" ]; then
    echo "generating $COUNT complaints into $FILE ..." >&2
    "$WEIQUAN" generate --count "$COUNT" --seed 1 --out "$FILE"
fi
echo "input: $FILE ($(du -hL "$FILE" | cut -f1)), $THREADS threads"
# Warm the page cache so that both read from memory.
cat "$FILE" > /dev/null

measure() { # name, command...
    local name=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$DIR/$name.time" "$@" > "$DIR/$name.out"
    awk -v n="$name" '{ printf "%-8s wall %7.2f s   cpu %7.2f s   peak %6.0f MB\n", n, $1, $2 + $3, $4 / 1024 }' \
        "$DIR/$name.time"
}

measure duckdb python3 benches/duckdb/query.py "$FILE" 10 "$THREADS"
measure weiquan "$WEIQUAN" stats "$FILE" --by period=quarter,region=county,category=major \
    --k 10 --threads "$THREADS" --quiet
cat "$DIR/duckdb.out"
python3 - "$DIR" <<'PY'
import json, sys
d = sys.argv[1]
rel = json.load(open(f"{d}/weiquan.out"))
cells = rel["tables"][0]["cells"]
inner = [c for c in cells if "all" not in (c["period"], c["region"], c["category"])]
pub = sum(1 for c in inner if c["status"] == "published" and c.get("count", 0) >= 10)
print(f"weiquan: {pub} inner cells published of {len(inner)}, "
      f"{rel['audit']['primary']} primary and {rel['audit']['secondary']} secondary withheld, "
      f"audit {rel['audit']['verdict']}")
w = [float(x) for x in open(f"{d}/weiquan.time").read().split()]
k = [float(x) for x in open(f"{d}/duckdb.time").read().split()]
print(f"ratio DuckDB / weiquan: wall {k[0] / w[0]:.2f}x, cpu {(k[1] + k[2]) / (w[1] + w[2]):.2f}x "
      f"(above 1: weiquan is faster); weiquan peak memory {w[3] / 1024:.0f} MB")
PY
