#!/usr/bin/env bash
# HTTP search throughput and latency with wrk at 32 connections, on
# loopback only, bounded duration: four fixed URLs (after the first
# request answered from the per-snapshot result cache), then a search
# that the cache never answers (benches/search_uncached.lua).
# Usage (from the repository root):
#   bash benches/search_http.sh            # 10 s per endpoint
#   DURATION=5s bash benches/search_http.sh
#   HELPPORTAL_BIN=/path/to/helpportal bash benches/search_http.sh  # that build, not rebuilt
#   (to compare two builds side by side; PORT sets another port)
# Needs wrk (Debian: apt-get install -y wrk) and the shared corpus next to
# the repository. The server is started here and stopped at the end.
set -euo pipefail
DURATION="${DURATION:-10s}"
PORT="${PORT:-18093}"
ADDR="127.0.0.1:${PORT}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
target="${HELPPORTAL_BIN:-}"
if [ -z "$target" ]; then
  cargo build --release --quiet
  target="${CARGO_TARGET_DIR:-target}/release/helpportal"
fi
"$target" --config helpportal.corpus.toml --addr "$ADDR" --log-format json >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -fsS "http://${ADDR}/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
for path in \
  "/nl-nl/search?q=creditcard%20geweigerd" \
  "/nl-nl/search?q=wachtwoort%20wijzigen&page=2" \
  "/api/v1/search?q=factuur%20betalen" \
  "/api/v1/suggest?q=wachtwoord%20wij"; do
  echo "== GET ${path}"
  wrk -t2 -c32 -d"$DURATION" --latency "http://${ADDR}${path}" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors" || true
done
# Repeated URLs are answered from the result cache; this one never is.
echo "== GET /nl-nl/search?q=creditcard%20geweigerd&page=<random> (result cache bypassed)"
wrk -t2 -c32 -d"$DURATION" --latency -s benches/search_uncached.lua "http://${ADDR}" \
  | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors" || true
