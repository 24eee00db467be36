#!/usr/bin/env bash
# Start-up times of short commands with a warm cache: each command runs once untimed (building the
# jar and the launcher's AOT cache when they are missing, importing the model), then RUNS times;
# prints a Markdown table of the median wall time and the median CPU time (user + sys) per command.
#   bench/startup.sh            # 10 runs per command on minilm-l6
#   RUNS=5 bench/startup.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-10}"
commands=(
  "info"
  "project L4.ff.value.100"
  "heads --layer 0 --head 0"
)
targets=("0.5 s" "0.5 s" "1 s")

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
flags="$(grep -m1 -E '^(flags|Features)' /proc/cpuinfo | cut -d: -f2-)"
simd=none
for f in asimd avx2 avx512f; do [[ " $flags " == *" $f "* ]] && simd=$f; done
echo "Machine: $cpu, $(nproc) cores, widest SIMD flag: $simd; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| Command (minilm-l6, warm cache) | Median wall | Median CPU (user + sys) | Target (wall) |"
echo "|---|---:|---:|---:|"
TIMEFORMAT='%R %U %S'
for i in "${!commands[@]}"; do
  cmd="${commands[$i]}"
  read -r -a args <<<"$cmd"
  "$root/embspace" "${args[@]}" >/dev/null 2>&1   # warm-up: build, AOT cache, import
  times="$(mktemp)"
  for ((r = 0; r < runs; r++)); do
    { time "$root/embspace" "${args[@]}" >/dev/null 2>/dev/null; } 2>>"$times"
  done
  wall="$(awk '{print $1}' "$times" | median)"
  cpu_s="$(awk '{print $2 + $3}' "$times" | median)"
  rm -f "$times"
  printf '| `embspace %s` | %.2f s | %.2f s | %s |\n' "$cmd" "$wall" "$cpu_s" "${targets[$i]}"
done
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
