#!/usr/bin/env bash
# DSA dumps as they ship: importing a day's zip of zipped CSV parts against importing the same parts
# unpacked (the same-run reference), interleaved, medians of RUNS; and peak memory for one part
# against all of them, which must stay flat. The dump is synthetic: the real samples in
# ../shared/data/dsa-sor/ repeated with fresh uuids and platform_uids, BLOCKS zips of PARTS parts
# of ROWS statements each (the Transparency Database ships 100,000 a part).
#   BLOCKS=2 PARTS=3 ROWS=20000 scripts/bench-dsa-archive.sh .build/release/casetool
# Needs python3 and unzip.
set -euo pipefail
BIN=$(realpath "${1:-.build/release/casetool}")
SAMPLES=$(realpath "$(dirname "$0")/../../shared/data/dsa-sor")
BLOCKS=${BLOCKS:-2}; PARTS=${PARTS:-3}; ROWS=${ROWS:-20000}; RUNS=${RUNS:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; cd "$work"
python3 - "$SAMPLES" "$BLOCKS" "$PARTS" "$ROWS" <<'PY'
import csv, glob, io, sys, uuid, zipfile
samples, blocks, parts, rows_per_part = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rows = []
for path in sorted(glob.glob(samples + '/*.csv')):
    with open(path, newline='', encoding='utf-8') as f:
        reader = csv.reader(f); header = next(reader); rows += list(reader)
uid, puid = header.index('uuid'), header.index('platform_uid')
n = 0
def part(count):
    global n
    out = io.StringIO(); writer = csv.writer(out, lineterminator='\n'); writer.writerow(header)
    for _ in range(count):
        row = list(rows[n % len(rows)]); row[uid] = str(uuid.uuid4()); row[puid] = f'syn-{n}'; n += 1
        writer.writerow(row)
    return out.getvalue()
with zipfile.ZipFile('day.zip', 'w') as day:
    for b in range(blocks):
        with zipfile.ZipFile(f'day-{b:05}.csv.zip', 'w', zipfile.ZIP_DEFLATED) as block:
            for p in range(parts):
                block.writestr(f'day-{b:05}-{p:05}.csv', part(rows_per_part))
        day.write(f'day-{b:05}.csv.zip')
with zipfile.ZipFile('one.zip', 'w', zipfile.ZIP_DEFLATED) as one:
    one.writestr('one-00000.csv', part(rows_per_part))
PY
mkdir parts && (cd parts && unzip -q ../day.zip && for z in *.csv.zip; do unzip -q "$z"; done && rm ./*.csv.zip)
rows=$((BLOCKS * PARTS * ROWS))
now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# Seconds and peak resident kilobytes of one import into a new database.
measure() { rm -f run.db*; /usr/bin/time -f '%e %M' -o m.txt "$BIN" import --format dsa-sor --db run.db "$@" >/dev/null 2>&1; cat m.txt; }
for run in $(seq "$RUNS"); do
    echo "run $run of $RUNS…" >&2
    measure day.zip >> zip.txt
    measure parts/*.csv >> plain.txt
done
measure one.zip > one.txt
zip_s=$(cut -d' ' -f1 zip.txt | median); plain_s=$(cut -d' ' -f1 plain.txt | median)
printf '\nDSA dump import: %s statements in %s parts (%s MB zipped, %s MB unpacked); median of %s runs\n\n' \
    "$rows" "$((BLOCKS * PARTS))" "$(( $(stat -c %s day.zip) / 1048576 ))" "$(( $(du -sb parts | cut -f1) / 1048576 ))" "$RUNS"
printf '%-44s %12s %12s %8s\n' "" "zip" "unpacked" "ratio"
printf '%-44s %12.0f %12.0f %8.2f\n' "statements/s" "$(echo "$rows / $zip_s" | bc -l)" "$(echo "$rows / $plain_s" | bc -l)" \
    "$(echo "$plain_s / $zip_s" | bc -l)"
printf '%-44s %12s %12s\n' "peak memory, MB (all parts)" "$(( $(cut -d' ' -f2 zip.txt | median) / 1024 ))" "$(( $(cut -d' ' -f2 plain.txt | median) / 1024 ))"
printf '%-44s %12s\n' "peak memory, MB (one part, for flatness)" "$(( $(cut -d' ' -f2 one.txt) / 1024 ))"
