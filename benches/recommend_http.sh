#!/usr/bin/env bash
# Recommended steps over HTTP with the sentence encoder, on loopback only,
# bounded duration: the descriptions of the development set in turn
# (benches/recommend_descriptions.lua), at 1 connection (latency of one
# description end to end) and at 8 (throughput), then article pages at 4
# connections while recommended steps stay saturated at 8.
# Usage (from the repository root):
#   bash benches/recommend_http.sh            # 15 s per run
#   DURATION=5s bash benches/recommend_http.sh
#   SEMANTIC=0 bash benches/recommend_http.sh # words only, for comparison
# Needs wrk (Debian: apt-get install -y wrk), jq, the shared corpus next to
# the repository and the weights in models/ (bash scripts/install-model.sh).
set -euo pipefail
DURATION="${DURATION:-15s}"
PORT="${PORT:-18094}"
ADDR="127.0.0.1:${PORT}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
cargo build --release --quiet
target="${CARGO_TARGET_DIR:-target}/release/helpportal"
work=$(mktemp -d)
model="${HELPPORTAL_MODEL:-models}"
if [ "${SEMANTIC:-1}" = 0 ]; then model="$work/no-model"; fi
cat > "$work/portal.toml" <<TOML
content = "$(pwd)/../shared/corpus"
model = "$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"
model_install = false
database_url = "sqlite::memory:"
$(sed -n '/^\[collections/,$p' helpportal.corpus.toml)
TOML
jq -r '.q | @uri' ../shared/eval/recommend-dev.jsonl > "$work/descriptions.txt"
now() { date +%s.%N; }
started=$(now)
"$target" --config "$work/portal.toml" --addr "$ADDR" --log-format json >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -fsS "http://${ADDR}/readyz" >/dev/null 2>&1; do sleep 0.05; done
echo "ready to serve after $(awk "BEGIN{print $(now) - $started}") s"
if [ "${SEMANTIC:-1}" != 0 ]; then
  until curl -fsS "http://${ADDR}/metrics" 2>/dev/null | grep -q '^helpportal_semantic_ready 1'; do sleep 0.05; done
  echo "every article has its vector after $(awk "BEGIN{print $(now) - $started}") s"
fi
curl -fsS "http://${ADDR}/metrics" | grep '^helpportal_semantic_ready'
echo "RSS when ready: $(grep VmRSS "/proc/$server/status" | awk '{print $2}') kB"
show() { grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors" || true; }
export DESCRIPTIONS="$work/descriptions.txt"
echo "== /api/v1/recommend, dev descriptions in turn, 1 connection"
wrk -t1 -c1 -d"$DURATION" --latency -s benches/recommend_descriptions.lua "http://${ADDR}" | show
echo "== /api/v1/recommend, dev descriptions in turn, 8 connections"
wrk -t2 -c8 -d"$DURATION" --latency -s benches/recommend_descriptions.lua "http://${ADDR}" | show
echo "== article page at 4 connections while recommended steps run at 8"
wrk -t1 -c8 -d"$DURATION" -s benches/recommend_descriptions.lua "http://${ADDR}" > "$work/saturating.txt" &
saturating=$!
sleep 1
wrk -t1 -c4 -d"$DURATION" --latency "http://${ADDR}/nl-nl/articles/alchemy-insights/declined-credit-card" | show
wait "$saturating"
echo "   (recommended steps meanwhile:)"
show < "$work/saturating.txt"
curl -fsS "http://${ADDR}/metrics" | grep -E '^helpportal_semantic_overflow_total' || true
echo "RSS after the runs: $(grep VmRSS "/proc/$server/status" | awk '{print $2}') kB"
