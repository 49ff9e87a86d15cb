#!/usr/bin/env bash
# HTTP under load, against a release build serving ../shared/corpus.
#
# 1. A mixed run (default one minute, 64 connections) over article pages,
#    searches and recommended steps, as a browser asks for them
#    (`Accept-Encoding: br, gzip`): prints answers by status class, socket
#    errors and the portal's RSS before and after. It fails on any socket
#    error, any 5xx, or RSS after more than 10% above RSS before.
# 2. Side by side, same page, same wrk settings (32 connections): nginx
#    (WORKERS worker processes, default one) serving the portal's rendered
#    article as a static file, the same with an access log line per request
#    (as the portal writes one), nginx with `gzip on` at its default level,
#    a second portal pinned to WORKERS worker threads like nginx, and the
#    portal of the mixed run (one worker per physical core).
#
# Needs wrk, nginx, curl and jq (Debian packages; not needed by the tests).
# Settings: MIX_DURATION (60s), SIDE_DURATION (20s), THREADS (2),
# WORKERS (1), PORTAL_PORT (18080, and PORTAL_PORT + 5 for the pinned one),
# NGINX_PORT (18081, and the next two for gzip and the access log),
# PROFILE (release; `dev` only to try the script out quickly).
set -euo pipefail
cd "$(dirname "$0")/.."

MIX_DURATION=${MIX_DURATION:-60s}
SIDE_DURATION=${SIDE_DURATION:-20s}
THREADS=${THREADS:-2}
PORTAL_PORT=${PORTAL_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
NGINX_GZIP_PORT=$((NGINX_PORT + 1))
NGINX_LOG_PORT=$((NGINX_PORT + 2))
PINNED_PORT=$((PORTAL_PORT + 5))
WORKERS=${WORKERS:-1}
PAGE=${PAGE:-/nl-nl/articles/azure-billing/billing-troubleshoot-declined-card}
CORPUS=../shared/corpus
TARGET=${CARGO_TARGET_DIR:-target}
PROFILE=${PROFILE:-release}
BIN_DIR=$TARGET/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")

for tool in wrk nginx curl jq; do
  command -v "$tool" >/dev/null || { echo "load.sh needs $tool (apt-get install wrk nginx curl jq)" >&2; exit 1; }
done

cargo build --profile "$PROFILE" --locked --quiet
work=$(mktemp -d)
chmod 755 "$work"
portal_pid=""
pinned_pid=""
nginx_pid=""
cleanup() {
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null && wait "$portal_pid" 2>/dev/null || true
  [ -n "$pinned_pid" ] && kill "$pinned_pid" 2>/dev/null && wait "$pinned_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# start_portal PORT LOG [extra flags]: starts a portal, waits until ready.
start_portal() {
  local port=$1 log=$2
  shift 2
  "$BIN_DIR/helpportal" --config helpportal.corpus.toml \
    --addr "127.0.0.1:$port" --base-url "http://127.0.0.1:$PORTAL_PORT" "$@" \
    >"$log" 2>&1 &
  started_pid=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$log" >&2
  return 1
}
start_portal "$PORTAL_PORT" "$work/portal.log"
portal_pid=$started_pid
portal="http://127.0.0.1:$PORTAL_PORT"

rss_kib() { ps -o rss= -p "$portal_pid" | tr -d ' '; }
urlencode() { jq -rn --arg v "$1" '$v|@uri'; }

# --- The URL mix -------------------------------------------------------------
# Every 6th article of the corpus (about 500) in nl-NL, every 60th in en-US; searches for the words of the eval questions; recommendations for the
# eval questions themselves. Articles that do not answer 200 are left out.
: >"$work/articles.txt"
(cd "$CORPUS" && find . -name '*.md' -not -path '*/includes/*' | sed 's|^\./||; s|\.md$||' | LC_ALL=C sort) \
  | grep -E '^[A-Za-z0-9._/-]+$' \
  | awk 'NR % 6 == 0 { print "/nl-nl/articles/" $0 } NR % 60 == 0 { print "/en-us/articles/" $0 }' \
  >"$work/candidates.txt"
while read -r url; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$portal$url")" = 200 ] && echo "$url"
done <"$work/candidates.txt" >"$work/articles.txt"
jq -r '.q' ../shared/eval/recommend-dev.jsonl | while read -r question; do
  words=$(echo "$question" | tr -cs '[:alnum:]' ' ' | cut -d' ' -f1-3)
  echo "/nl-nl/search?q=$(urlencode "$words")"
  echo "/nl-nl/recommend?problem=$(urlencode "$question")"
done >"$work/queries.txt"
cat "$work/articles.txt" "$work/queries.txt" | shuf --random-source=<(yes) >"$work/mix.txt"
echo "URL mix: $(wc -l <"$work/articles.txt") article pages, $(wc -l <"$work/queries.txt") searches and recommendations"
echo "status of each kind before the run (one request each):"
while read -r url; do
  kind=$(echo "$url" | cut -d/ -f3 | cut -d'?' -f1)
  echo "$kind $(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: br, gzip' "$portal$url")"
done <"$work/mix.txt" | sort | uniq -c | sed 's/^/  /'

# The loop above also warmed the page cache, so RSS before is steady state.
rss_before=$(rss_kib)
echo
echo "== mixed: wrk -t$THREADS -c64 -d$MIX_DURATION --latency -H 'Accept-Encoding: br, gzip' -s benches/mixed.lua"
wrk -t"$THREADS" -c64 -d"$MIX_DURATION" --latency -H 'Accept-Encoding: br, gzip' \
  -s benches/mixed.lua "$portal" -- "$work/mix.txt" | tee "$work/mixed.out"
rss_after=$(rss_kib)
echo "RSS before: ${rss_before} KiB, after: ${rss_after} KiB"
echo "page cache: $(curl -s "$portal/readyz" | tr '\n' ' ')"

failed=0
grep -q '5xx' "$work/mixed.out" && { echo "FAIL: 5xx answers" >&2; failed=1; }
grep -q 'socket errors: connect 0, read 0, write 0, timeout 0' "$work/mixed.out" \
  || { echo "FAIL: socket errors" >&2; failed=1; }
[ "$rss_after" -le $((rss_before * 110 / 100)) ] \
  || { echo "FAIL: RSS grew by more than 10%" >&2; failed=1; }

# --- Side by side ------------------------------------------------------------
mkdir -p "$work/www" "$work/nginx"
curl -fs "$portal$PAGE" -o "$work/www/article.html"
chmod -R a+rX "$work"
cat >"$work/nginx.conf" <<EOF
worker_processes $WORKERS;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  default_type text/html;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
  }
  server {
    listen 127.0.0.1:$NGINX_GZIP_PORT;
    root $work/www;
    gzip on;
  }
  server {
    listen 127.0.0.1:$NGINX_LOG_PORT;
    root $work/www;
    access_log $work/nginx/access.log;
  }
}
EOF
nginx -c "$work/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$NGINX_PORT/article.html" >/dev/null 2>&1 && break
  sleep 0.1
done
start_portal "$PINNED_PORT" "$work/pinned.log" --workers "$WORKERS"
pinned_pid=$started_pid
pinned="http://127.0.0.1:$PINNED_PORT"
curl -fs -o /dev/null -H 'Accept-Encoding: br, gzip' "$pinned$PAGE"

side() {
  local name=$1 url=$2
  wrk -t"$THREADS" -c32 -d"$SIDE_DURATION" --latency -H 'Accept-Encoding: br, gzip' "$url" >"$work/$name.out"
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/$name.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$name.out")
  errors=$(grep -E 'Socket errors|Non-2xx' "$work/$name.out" || true)
  echo "$name $rps $p99 ${errors:+($errors)}"
}
echo
echo "== side by side: wrk -t$THREADS -c32 -d$SIDE_DURATION --latency -H 'Accept-Encoding: br, gzip' <url>"
echo "nginx worker_processes $WORKERS; portal-pinned --workers $WORKERS; portal: one worker per physical core; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "page: $PAGE ($(wc -c <"$work/www/article.html") bytes)"
echo "encodings: nginx-gzip=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: br, gzip' "http://127.0.0.1:$NGINX_GZIP_PORT/article.html" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-encoding" {print $2}') portal=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: br, gzip' "$portal$PAGE" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-encoding" {print $2}')"
{
  side nginx-plain "http://127.0.0.1:$NGINX_PORT/article.html"
  side nginx-plain-log "http://127.0.0.1:$NGINX_LOG_PORT/article.html"
  side nginx-gzip "http://127.0.0.1:$NGINX_GZIP_PORT/article.html"
  side portal-pinned "$pinned$PAGE"
  side portal "$portal$PAGE"
} | tee "$work/side.txt"
awk '{rps[$1] = $2} END {
  for (p in rps) if (p ~ /^portal/)
    printf "%s / nginx-plain: %.2fx; / nginx-plain-log: %.2fx; / nginx-gzip: %.2fx\n",
      p, rps[p] / rps["nginx-plain"], rps[p] / rps["nginx-plain-log"], rps[p] / rps["nginx-gzip"] }' "$work/side.txt"

exit "$failed"
