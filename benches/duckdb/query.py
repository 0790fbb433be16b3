"""The DuckDB side of the benchmark: the GROUP BY ... HAVING count >= k that `weiquan stats`
replaces, over the same JSON Lines file, reading only the fields it needs.

Usage: python3 query.py FILE K THREADS
Prints one line: the groups kept and the seconds the query took.
"""
import sys
import time

import duckdb

path, k, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
con = duckdb.connect()
con.execute(f"SET threads TO {threads}")
started = time.perf_counter()
rows = con.execute(
    """
    WITH c AS (
        SELECT
            -- Instants are written at +08:00, so the CST date is the text's date.
            substr(received_at, 1, 4) || '-Q' ||
                CAST((CAST(substr(received_at, 6, 2) AS INTEGER) + 2) // 3 AS VARCHAR) AS period,
            consumer.division AS region,
            split_part(purchase.category, '/', 1) AS category
        FROM read_json(?, format = 'newline_delimited',
                       columns = {received_at: 'VARCHAR',
                                  consumer: 'STRUCT(division VARCHAR)',
                                  purchase: 'STRUCT(category VARCHAR)'})
    )
    SELECT period, region, category, count(*) AS n
    FROM c
    GROUP BY period, region, category
    HAVING count(*) >= ?
    """,
    [path, k],
).fetchall()
elapsed = time.perf_counter() - started
print(f"{len(rows)} groups kept, {elapsed:.3f} s")
