#!/usr/bin/env bash
# `weiquan stats` against DuckDB on the same JSON Lines file, side by side (issues 6 and 18).
#
#   bash benches/duckdb/run.sh [COUNT...]      (default: 100000 200000 500000 1000000)
#   THREADS=2 RUNS=3 bash benches/duckdb/run.sh 1000000
#
# Installs the `duckdb` Python package with pip if it is missing, builds the release binary,
# generates COUNT complaints with `weiquan generate --seed 1` for each COUNT (kept in
# $BENCH_DIR, default target/bench-duckdb, about 1.2 KB a line), then, RUNS times for each
# size, alternating the two so that both see the same machine:
# - DuckDB: SELECT quarter, division, major category, count(*) ... GROUP BY ... HAVING
#   count(*) >= 10, reading only those three fields (benches/duckdb/query.py);
# - weiquan stats FILE --by period=quarter,region=county,category=major --k 10: the same
#   grouping, plus margins, validation of the fields read, secondary suppression, the audit
#   and writing the release — the whole release;
# and prints each run's wall time, CPU time and peak memory (GNU time), then a table of the
# median wall time of each per size and the ratio DuckDB ÷ weiquan (above 1: weiquan faster).
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-target/bench-duckdb}
TARGET=${CARGO_TARGET_DIR:-target}
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(100000 200000 500000 1000000)
mkdir -p "$DIR"

python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
cargo build --release --quiet -p weiquan-cli
WEIQUAN="$TARGET/release/weiquan"

measure() { # name, command...
    local name=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$DIR/$name.time" "$@" > "$DIR/$name.out"
    awk -v n="$name" '{ printf "  %-18s wall %7.2f s   cpu %7.2f s   peak %6.0f MB\n", n, $1, $2 + $3, $4 / 1024 }' \
        "$DIR/$name.time"
}

SUMMARY="$DIR/summary.tsv"
: > "$SUMMARY"
for COUNT in "${COUNTS[@]}"; do
    FILE="$DIR/complaints-$COUNT.jsonl"
    if [ ! -s "$FILE" ]; then
        echo "generating $COUNT complaints into $FILE ..." >&2
        "$WEIQUAN" generate --count "$COUNT" --seed 1 --out "$FILE"
    fi
    echo "input: $FILE ($(du -hL "$FILE" | cut -f1)), $THREADS threads, $RUNS runs, load $(cut -d' ' -f1 /proc/loadavg)"
    # Warm the page cache so that both read from memory.
    cat "$FILE" > /dev/null
    for r in $(seq "$RUNS"); do
        measure "duckdb-$COUNT-$r" python3 benches/duckdb/query.py "$FILE" 10 "$THREADS"
        measure "weiquan-$COUNT-$r" "$WEIQUAN" stats "$FILE" \
            --by period=quarter,region=county,category=major \
            --k 10 --threads "$THREADS" --quiet --audit-out "$DIR/audit-$COUNT.json"
        printf "%s\t%s\t%s\n" "$COUNT" "$(cat "$DIR/duckdb-$COUNT-$r.time")" \
            "$(cat "$DIR/weiquan-$COUNT-$r.time")" >> "$SUMMARY"
    done
    cat "$DIR/duckdb-$COUNT-1.out"
    python3 - "$DIR" "$COUNT" <<'PY'
import json, sys
d, n = sys.argv[1], sys.argv[2]
rel = json.load(open(f"{d}/weiquan-{n}-1.out"))
audit = json.load(open(f"{d}/audit-{n}.json"))
cells = rel["tables"][0]["cells"]
inner = [c for c in cells if "all" not in (c["period"], c["region"], c["category"])]
pub = sum(1 for c in inner if c["status"] == "published" and c.get("count", 0) >= 10)
print(f"  weiquan: {pub} inner cells published of {len(inner)}, {rel['audit']['withheld']} "
      f"withheld ({audit['primary']} small, {audit['secondary']} protecting), audit "
      f"{rel['audit']['verdict']} in {audit['audit_ms']} ms, {audit['rounds']} rounds, "
      f"{audit['solver_runs']} solver runs")
PY
done
python3 - "$SUMMARY" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    n, k, w = line.rstrip("\n").split("\t")
    rows.setdefault(int(n), []).append(([float(x) for x in k.split()], [float(x) for x in w.split()]))
print("\n| complaints | DuckDB wall (median) | weiquan wall (median) | DuckDB ÷ weiquan | weiquan CPU | weiquan peak |")
print("|---|---|---|---|---|---|")
for n in sorted(rows):
    k = statistics.median(r[0][0] for r in rows[n])
    w = statistics.median(r[1][0] for r in rows[n])
    cpu = statistics.median(r[1][1] + r[1][2] for r in rows[n])
    peak = max(r[1][3] for r in rows[n]) / 1024
    print(f"| {n:,} | {k:.2f} s | {w:.2f} s | **{k / w:.2f}×** | {cpu:.2f} s | {peak:.0f} MB |")
PY
