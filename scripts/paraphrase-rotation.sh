#!/bin/sh
# One rotation of the taught-examples protocol (BENCHMARKS.md): from the
# paraphrase set, the phrasings in STYLE (phone, manager or agent) become
# the confirmed examples (their first expected article, as staff would
# choose it) and the other two phrasings of every problem are scored.
#
#   scripts/paraphrase-rotation.sh STYLE OUTDIR
#
# writes OUTDIR/examples-STYLE.jsonl and OUTDIR/unseen-STYLE.jsonl.
set -eu
style=$1
out=$2
set=$(dirname "$0")/../tests/fixtures/recommend-paraphrases.jsonl
mkdir -p "$out"
jq -c --arg s "$style" 'select(.style == $s) | {q, expect: .expect[:1]}' "$set" > "$out/examples-$style.jsonl"
jq -c --arg s "$style" 'select(.style != $s)' "$set" > "$out/unseen-$style.jsonl"
