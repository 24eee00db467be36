#!/usr/bin/env bash
# Side-by-side benchmark: numpy / PyTorch versus embspace, same workloads, same run; prints a
# Markdown table with the ratios. Needs Debian's packages (installed once, by you, not by this script):
#   apt-get install python3-numpy python3-torch libopenblas0-pthread
# libopenblas0-pthread matters: without it Debian's numpy falls back to the reference BLAS.
# Usage: bench/peer.sh [--quick] [--skip-large-dense]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
python=/usr/bin/python3
if ! "$python" -c 'import numpy, torch' 2>/dev/null; then
  echo "peer.sh: needs Debian's python3-numpy and python3-torch: apt-get install python3-numpy python3-torch libopenblas0-pthread" >&2
  exit 1
fi
java_home="$("$root/scripts/find-jdk25")"
jar="$root/bench/target/benchmarks.jar"
# rebuild the benchmark jar when any engine or bench source is newer than it
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/engine/src/main" "$root/bench/src/main" "$root/bench/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "building $jar ..." >&2
  (cd "$root" && scripts/mvn25 -q -B -pl bench -am package -DskipTests) >&2
fi
exec "$python" "$here/peer.py" --java "$java_home/bin/java" --jar "$jar" "$@"
