#!/usr/bin/env bash
# Runs a benchmark or fault run on demand (never part of `mvn verify`'s tests):
#   bench/run.sh ingest [--runs 3] [--seconds 15]
#   bench/run.sh render [--runs 5]
#   bench/run.sh faults [--events 100000]
# It builds the product jar and the bench classes first.
set -euo pipefail
cd "$(dirname "$0")/.."
# The ingest benchmark's closed-loop load is wrk replaying pre-signed requests (Debian's wrk package).
if [[ "${1:-}" == ingest ]] && ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (the ingest load generator)" >&2
  apt-get install -y wrk >/dev/null || sudo apt-get install -y wrk >/dev/null \
    || echo "could not install wrk: the ingest run falls back to the Java senders" >&2
fi
mvn -B -q package -DskipTests
exec java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.incidenttimeline.bench.BenchMain "$@"
