#!/usr/bin/env bash
# 1 thread against all threads on the hot paths, each in its own JVM, best of several warm runs
# (PeerMain): wall time and the process's CPU time in that run (JIT and GC threads included), so a
# loaded machine can still be read: CPU time that grows with the threads is work or contention the
# second core adds; wall time that does not shrink while CPU time holds is the machine's load.
#   bench/scaling.sh            # MiniLM-shaped neurons (one layer), heads (one layer), align (4 x 4 layers)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
java="$("$root/scripts/find-jdk25")/bin/java"
jar="$root/bench/target/benchmarks.jar"
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/engine/src/main" "$root/bench/src/main" "$root/bench/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "building $jar ..." >&2
  (cd "$root" && scripts/mvn25 -q -B -pl bench -am package -DskipTests) >&2
fi
all="$(nproc)"
workloads=(
  "neurons 1 1536 384 30522 10|neurons: FF keys and values of one MiniLM layer (3072 vectors), top-10"
  "heads 1 12 32 384 30522 50|heads: both circuits of one MiniLM layer (24), top-50"
  "align 4 1536 384 30522|align: six kinds, 4 x 4 layers of MiniLM's shape"
)
field() { tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $all cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| Hot path | 1 thread: wall | CPU | $all threads: wall | CPU | wall ratio ($all / 1) |"
echo "|---|---:|---:|---:|---:|---:|"
for w in "${workloads[@]}"; do
  spec="${w%%|*}"
  name="${w#*|}"
  read -r -a args <<<"$spec"
  one="$("$java" --add-modules jdk.incubator.vector -Xmx8g -cp "$jar" dev.embspace.bench.PeerMain --threads 1 "${args[@]}" 2>/dev/null)"
  many="$("$java" --add-modules jdk.incubator.vector -Xmx8g -cp "$jar" dev.embspace.bench.PeerMain --threads "$all" "${args[@]}" 2>/dev/null)"
  w1="$(field seconds <<<"$one")"; c1="$(field cpu_seconds <<<"$one")"
  w2="$(field seconds <<<"$many")"; c2="$(field cpu_seconds <<<"$many")"
  printf '| %s | %.3f s | %.3f s | %.3f s | %.3f s | %.2f |\n' "$name" "$w1" "$c1" "$w2" "$c2" "$(awk -v a="$w2" -v b="$w1" 'BEGIN {print a / b}')"
done
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg). The forward pass: java -jar $jar ForwardBenchmark -p threads=1,0"
