#!/usr/bin/env bash
# Memory across live reloads, under load, against a release build serving
# ../shared/corpus.
#
# Starts the portal, warms it, puts a mixed load on it (wrk: article pages,
# searches and recommended steps) and asks for RELOADS reloads by SIGHUP,
# one after another: each waits until the portal counts it as done
# (`helpportal_reloads_total` on /metrics) and the article vectors of the
# new snapshot are in (`helpportal_semantic_ready 1`, when the weights are
# installed). Prints RSS after every reload and the growth from the first
# reload to the last; fails when that growth is over LIMIT percent or any
# request failed.
#
# Needs wrk and curl. Settings: RELOADS (50), LIMIT (10), CONNECTIONS (8),
# PORT (18090), PROFILE (release; `dev` only to try the script out),
# EXTRA_ENV (for example `MALLOC_ARENA_MAX=2`, to compare allocators),
# BIN (another build of the portal to measure, e.g. one of main; then
# nothing is built).
set -euo pipefail
cd "$(dirname "$0")/.."

RELOADS=${RELOADS:-50}
LIMIT=${LIMIT:-10}
CONNECTIONS=${CONNECTIONS:-8}
PORT=${PORT:-18090}
CORPUS=../shared/corpus
TARGET=${CARGO_TARGET_DIR:-target}
PROFILE=${PROFILE:-release}
BIN_DIR=$TARGET/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
BIN=${BIN:-}

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "reload_memory.sh needs $tool (apt-get install wrk curl)" >&2; exit 1; }
done

if [ -z "$BIN" ]; then
  cargo build --profile "$PROFILE" --locked --quiet
  BIN=$BIN_DIR/helpportal
fi
work=$(mktemp -d)
portal_pid=""
wrk_pid=""
cleanup() {
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null && wait "$wrk_pid" 2>/dev/null || true
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null && wait "$portal_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

base="http://127.0.0.1:$PORT"
# shellcheck disable=SC2086
env ${EXTRA_ENV:-} "$BIN" --config helpportal.corpus.toml \
  --addr "127.0.0.1:$PORT" --database-url "sqlite::memory:" >"$work/portal.log" 2>&1 &
portal_pid=$!

# metric PREFIX: the sum of the /metrics lines whose name starts with PREFIX.
metric() { curl -fs "$base/metrics" | awk -v name="$1" 'index($1, name) == 1 { sum += $2 } END { print sum + 0 }'; }
rss_mib() { echo $(( $(ps -o rss= -p "$portal_pid" | tr -d ' ') / 1024 )); }
wait_ready() {
  for _ in $(seq 1 1200); do
    if curl -fs "$base/readyz" >/dev/null 2>&1; then
      # Vectors are made in the background; wait for them when the
      # weights are there (the metric stays 0 without them).
      if [ ! -f models/e5-small-q4.bin ] || [ "$(metric helpportal_semantic_ready)" = 1 ]; then
        return 0
      fi
    fi
    sleep 0.1
  done
  cat "$work/portal.log" >&2
  return 1
}
wait_ready

# The URL mix: every 6th article, and searches and descriptions from the
# dev set's words.
(cd "$CORPUS" && find . -name '*.md' -not -path '*/includes/*' | sed 's|^\./||; s|\.md$||' | LC_ALL=C sort) \
  | grep -E '^[A-Za-z0-9._/-]+$' | awk 'NR % 6 == 0 { print "/nl-nl/articles/" $0 }' >"$work/mix.txt"
for words in wachtwoord+wijzigen teams+status factuur+downloaden gedeeld+postvak onedrive+synchroniseren licentie+toewijzen; do
  echo "/nl-nl/search?q=$words"
  echo "/nl-nl/recommend?problem=$words+lukt+niet"
done >>"$work/mix.txt"
while read -r url; do curl -s -o /dev/null "$base$url"; done <"$work/mix.txt"

wrk -t2 -c"$CONNECTIONS" -d1h -s benches/mixed.lua "$base" -- "$work/mix.txt" >"$work/wrk.out" 2>&1 &
wrk_pid=$!
sleep 3
echo "before any reload: $(rss_mib) MiB"

first=""
for i in $(seq 1 "$RELOADS"); do
  done_before=$(metric helpportal_reloads_total)
  kill -HUP "$portal_pid"
  for _ in $(seq 1 1200); do
    [ "$(metric helpportal_reloads_total)" -gt "$done_before" ] && break
    sleep 0.1
  done
  wait_ready
  rss=$(rss_mib)
  [ -z "$first" ] && first=$rss
  echo "reload $i: $rss MiB"
done

kill -INT "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" 2>/dev/null || true
wrk_pid=""
grep -E "requests in|Socket errors|socket errors|^ *[1-5]xx" "$work/wrk.out" || true
failed=$(metric 'helpportal_reloads_total{outcome="failed"')
last=$(rss_mib)
growth=$(( (last - first) * 100 / first ))
echo "RSS after the first reload: $first MiB; after $RELOADS: $last MiB; growth ${growth}%"
if grep -qE "^ *[45]xx|Socket errors" "$work/wrk.out" \
  || ! grep -q "socket errors: connect 0, read 0, write 0, timeout 0" "$work/wrk.out"; then
  echo "FAIL: requests failed under reload" >&2
  exit 1
fi
[ "$failed" = 0 ] || { echo "FAIL: $failed reloads failed" >&2; exit 1; }
if [ "$growth" -gt "$LIMIT" ]; then
  echo "FAIL: RSS grew ${growth}% (limit ${LIMIT}%)" >&2
  exit 1
fi
