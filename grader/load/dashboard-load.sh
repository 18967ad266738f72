#!/usr/bin/env bash
# Seeds a big demo course into a scratch grader and measures the instructor's pages (p50 / p95 / max each).
# Not a test: no pass or fail, just the numbers, printed and written to grader/target/load/dashboard-load.md.
#
#   grader/load/dashboard-load.sh [pages-file]        (default: grader/load/pages.txt, the full dashboard list)
#
# Settings (environment): LEARNERS=2000 ATTEMPTS=10 REQUESTS=200 CONCURRENCY=2 WARMUP=20
# HTTP_PORT=18480 DB_PORT=54480 KEEP=1 (keep the scratch folder).
# Package the grader first: ./mvnw -q -pl grader -am package -DskipTests
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pages="${1:-$here/pages.txt}"
jar="$root/grader/target/quarkus-app/quarkus-run.jar"
learners="${LEARNERS:-2000}"
attempts="${ATTEMPTS:-10}"
http_port="${HTTP_PORT:-18480}"
db_port="${DB_PORT:-54480}"
. "$root/scripts/jdk25.sh"
llmf_find_jdk25     # sets JAVA (JDK 25) for the load client; the grader runs through ./llmf-grader, as in production
out="$root/grader/target/load/dashboard-load.md"

[[ -f "$jar" ]] || { echo "no $jar: build the grader first (./llmf-grader build)" >&2; exit 2; }
[[ -f "$pages" ]] || { echo "no pages file $pages" >&2; exit 2; }

data="$(mktemp -d /tmp/llmf-load-XXXXXX)"
chmod 755 "$data"     # as root, PostgreSQL runs as nobody and must reach its folder
grader_pid=""
cleanup() {
  if [[ -n "$grader_pid" ]]; then kill "$grader_pid" 2>/dev/null || true; wait "$grader_pid" 2>/dev/null || true; fi
  if [[ -z "${KEEP:-}" ]]; then rm -rf "$data"; else echo "scratch folder kept: $data"; fi
}
trap cleanup EXIT

export LLMF_DATA_DIR="$data" LLMF_JAVA_OPTS="-Dllmf.db.port=$db_port -Dquarkus.http.port=$http_port"
echo "== seeding $learners learners × $attempts attempts into $data"
seed_start=$(date +%s.%N)
"$root/llmf-grader" seed-demo --learners "$learners" --attempts "$attempts" --seed 42 \
  > "$data/seed.log" 2>&1 || { tail -30 "$data/seed.log"; exit 1; }
seed_wall=$(echo "$(date +%s.%N) - $seed_start" | bc)
grep '^seed-demo:' "$data/seed.log"

echo "== starting the grader on port $http_port"
"$root/llmf-grader" > "$data/grader.log" 2>&1 &
grader_pid=$!
for _ in $(seq 1 180); do
  if curl -sf -o /dev/null "http://127.0.0.1:$http_port/login"; then break; fi
  kill -0 "$grader_pid" 2>/dev/null || { tail -30 "$data/grader.log"; exit 1; }
  sleep 1
done
# the grader warms up at start (grading its built-in solutions for a few seconds): measure after that, as an
# instructor would meet a grader that has run for a while
for _ in $(seq 1 180); do
  grep -q 'warm-up done\|warm-up: \|warm-up stopped' "$data/grader.log" && break
  sleep 1
done
grep -o 'warm-up.*' "$data/grader.log" | head -1
password="$(awk '$1 == "instructor" {print $2}' "$data/demo-accounts.txt")"
seeded="$(sed -n 's/^seed-demo: \([0-9]* learners.*\) in \([0-9.]*\) s$/\1, seeded in \2 s/p' "$data/seed.log")"

echo "== measuring"
"$JAVA" "$here/DashboardLoad.java" --base "http://127.0.0.1:$http_port" --user instructor --password "$password" \
  --pages "$pages" --requests "${REQUESTS:-200}" --concurrency "${CONCURRENCY:-2}" --warmup "${WARMUP:-20}" \
  --note "$seeded (seed-demo command: $(printf '%.0f' "$seed_wall") s wall, JVM start included)" --out "$out"
