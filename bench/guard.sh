#!/usr/bin/env bash
# The JMH guard on the hot path: the fused projection + top-10 against the plain GEMM of the same
# shape, in one short JMH run (one fork, a few seconds each); fails when the fused path's throughput
# falls below 0.8 of the GEMM's. A ratio taken in one run, never an absolute time, so a loaded or
# slow machine does not fail it; a ratio under the bar is measured once more before failing, since
# a neighbour's burst can land on one side of a single pass.
#   bench/guard.sh          # builds bench/target/benchmarks.jar when the sources are newer
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java_home="$("$root/scripts/find-jdk25")"
jar="$root/bench/target/benchmarks.jar"
bar=0.8
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/engine/src/main" "$root/bench/src/main" "$root/bench/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "guard: building $jar ..." >&2
  (cd "$root" && scripts/mvn25 -q -B -pl bench -am package -DskipTests) >&2
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

measure() {
  "$java_home/bin/java" -jar "$jar" GuardBenchmark >"$out/log.txt" 2>&1 \
    || { cat "$out/log.txt" >&2; echo "guard: the JMH run failed" >&2; exit 1; }
  # the best measured iteration of each ("# Benchmark: ...GuardBenchmark.gemm", then "Iteration   1: 2.345 ops/s"):
  # on a shared machine the best is the one least disturbed by neighbours
  best() {
    awk -v name="GuardBenchmark.$1" '/^# Benchmark:/ {on = ($3 ~ name "$")} on && /^Iteration/ {if ($3 > m) m = $3} END {print m}' "$out/log.txt"
  }
  gemm="$(best gemm)"
  fused="$(best fusedProjection)"
  [[ -n "$gemm" && -n "$fused" ]] || { cat "$out/log.txt" >&2; echo "guard: no scores in the JMH output" >&2; exit 1; }
  ratio="$(awk -v f="$fused" -v g="$gemm" 'BEGIN {printf "%.3f", f / g}')"
  echo "guard: fused projection $fused ops/s, GEMM $gemm ops/s (best iterations, 256 x 384 x 30522, one thread): ratio $ratio (bar $bar)"
}

measure
if awk -v r="$ratio" -v b="$bar" 'BEGIN {exit !(r < b)}'; then
  echo "guard: below the bar; measuring once more" >&2
  measure
  if awk -v r="$ratio" -v b="$bar" 'BEGIN {exit !(r < b)}'; then
    echo "guard: FAILED: the fused projection runs at $ratio of the GEMM's throughput (< $bar)" >&2
    exit 1
  fi
fi
echo "guard: ok"
