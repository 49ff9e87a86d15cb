#!/usr/bin/env bash
# The portal at two sizes, side by side in one run: ../shared/corpus and
# COPIES (10) copies of both its collections under new folder names
# (azure-billing-1, …), both built in a temporary folder (never in the
# repository) from a release build. For each size:
#
# - ready: milliseconds from process start until /readyz answers 200;
# - peak RSS when ready (VmHWM), and after a one-file edit's reload;
# - edit live: milliseconds from writing one article (a new word appended
#   to its body) until its page shows the word (the watcher's debounce
#   included), EDITS (5) edits a second apart, median and range;
# - search engine latency, median and p99: one connection, a page number
#   the result cache has never seen on every request (benches/search_uncached.lua);
# - recommended steps latency, median and p99: one connection, the dev
#   set's descriptions in turn (benches/recommend_descriptions.lua).
#
# The sentence encoder is left out (an empty model folder, no install): its
# vectors are made in the background and would compete with the figures.
#
# Needs wrk, curl and jq. Settings: COPIES (10), DURATION (10s per latency
# run), EDITS (5), PORT (18095), BIN (another build to measure; then
# nothing is built).
set -euo pipefail
cd "$(dirname "$0")/.."

COPIES=${COPIES:-10}
DURATION=${DURATION:-10s}
EDITS=${EDITS:-5}
PORT=${PORT:-18095}
CORPUS=../shared/corpus
DESCRIPTIONS_FROM=../shared/eval/recommend-dev.jsonl
BIN=${BIN:-}

for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "scale.sh needs $tool (apt-get install wrk curl jq)" >&2; exit 1; }
done
if [ -z "$BIN" ]; then
  cargo build --release --locked --quiet
  BIN=${CARGO_TARGET_DIR:-target}/release/helpportal
fi

work=$(mktemp -d)
portal_pid=""
cleanup() {
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null && wait "$portal_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/one" "$work/many" "$work/models"
cp -r "$CORPUS"/. "$work/one/"
for k in $(seq 1 "$COPIES"); do
  for collection in "$CORPUS"/*/; do
    cp -r "$collection" "$work/many/$(basename "$collection")-$k"
  done
done
jq -r '.q | @uri' "$DESCRIPTIONS_FROM" >"$work/descriptions.txt"
base="http://127.0.0.1:$PORT"

now_ms() { date +%s%3N; }
status_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$portal_pid/status"; }
# percentiles FILE: "median p99" in ms from wrk --latency output.
percentiles() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50.000%" || $1 == "50%" { p50 = ms($2) }
    $1 == "99.000%" || $1 == "99%" { p99 = ms($2) }
    END { printf "%.2f %.2f", p50, p99 }' "$1"
}

# measure NAME ROOT ARTICLE: one size; appends a result line to $work/results.
measure() {
  local name=$1 root=$2 article=$3
  cat >"$work/$name.toml" <<EOF
content = "$root"
model = "$work/models"
model_install = false
EOF
  local start ready_ms
  start=$(now_ms)
  "$BIN" --config "$work/$name.toml" --addr "127.0.0.1:$PORT" \
    --database-url "sqlite::memory:" >"$work/$name.log" 2>&1 &
  portal_pid=$!
  until curl -fs -o /dev/null "$base/readyz"; do
    kill -0 "$portal_pid" 2>/dev/null || { cat "$work/$name.log" >&2; exit 1; }
    sleep 0.01
  done
  ready_ms=$(( $(now_ms) - start ))
  local articles peak_ready
  articles=$(curl -fs "$base/metrics" | awk '$1 == "helpportal_articles_loaded" { print $2 }')
  peak_ready=$(status_kb VmHWM)

  curl -fs -o /dev/null "$base/nl-nl/articles/$article"
  local marker written live_ms edit lives=()
  for edit in $(seq 1 "$EDITS"); do
    marker="schaalproef$edit$RANDOM$RANDOM"
    written=$(now_ms)
    printf '\n%s\n' "$marker" >>"$root/$article.md"
    until curl -fs "$base/nl-nl/articles/$article" | grep -q "$marker"; do
      [ $(( $(now_ms) - written )) -lt 120000 ] || { echo "edit never went live" >&2; exit 1; }
      sleep 0.02
    done
    lives+=($(( $(now_ms) - written )))
    sleep 1
  done
  live_ms=$(printf '%s\n' "${lives[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%s (%s–%s)", v[int((NR + 1) / 2)], v[1], v[NR] }')
  live_ms=${live_ms// /_}
  local peak_edit
  peak_edit=$(status_kb VmHWM)

  wrk -t1 -c1 -d"$DURATION" --latency -s benches/search_uncached.lua "$base" >"$work/$name.search"
  DESCRIPTIONS="$work/descriptions.txt" wrk -t1 -c1 -d"$DURATION" --latency \
    -s benches/recommend_descriptions.lua "$base" >"$work/$name.recommend"
  if grep -qE "Non-2xx|Socket errors" "$work/$name.search" "$work/$name.recommend"; then
    echo "requests failed at $name" >&2
    exit 1
  fi
  kill "$portal_pid" && wait "$portal_pid" 2>/dev/null || true
  portal_pid=""
  echo "$name $articles $ready_ms $((peak_ready / 1024)) $live_ms $((peak_edit / 1024)) \
$(percentiles "$work/$name.search") $(percentiles "$work/$name.recommend")" >>"$work/results"
}

measure corpus "$work/one" azure-billing/billing-troubleshoot-declined-card
measure "x$COPIES" "$work/many" "azure-billing-$COPIES/billing-troubleshoot-declined-card"

echo "| size | articles | ready (ms) | peak RSS ready (MiB) | one-file edit live, median of $EDITS (range) (ms) | peak RSS after the edit (MiB) | search p50 / p99 (ms) | recommend p50 / p99 (ms) |"
echo "|---|---|---|---|---|---|---|---|"
while read -r name articles ready peak live peak_edit s50 s99 r50 r99; do
  echo "| $name | $articles | $ready | $peak | ${live//_/ } | $peak_edit | $s50 / $s99 | $r50 / $r99 |"
done <"$work/results"
