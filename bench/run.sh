#!/usr/bin/env bash
# Runs a benchmark or fault run on demand (never part of `mvn verify`'s tests):
#   bench/run.sh ingest [--runs 3] [--seconds 15]
#   bench/run.sh render [--runs 5]
#   bench/run.sh faults [--events 100000]
# It builds the product jar and the bench classes first.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
exec java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.incidenttimeline.bench.BenchMain "$@"
