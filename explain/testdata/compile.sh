#!/usr/bin/env bash
# compile.sh [X.Y ...]   (default: every release pyasm targets)
#
# Regenerates tour-X.Y.pyc from tour.py with the real interpreter of each
# release, plus tour-3.12-hash.pyc (a checked-hash header), then runs every
# file it wrote and prints what it printed: the output must be the same line
# for every release.
#
# The files are deterministic: tour.py is copied into a temporary directory,
# its mtime set to 1700000000, and compiled there with dfile='tour.py', so the
# header and co_filename never depend on where or when this script ran.
#
# Interpreters are looked for as pythons/pythons.go does: $PYASM_PYTHONS/X.Y/bin/python,
# pythonX.Y on PATH, pyenv's versions/X.Y.*, ~/.cache/pyasm/pythons/X.Y/bin/python.
# A release without an interpreter is reported and its file left as it was;
# the script then exits 1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
releases=${*:-2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13 3.14 3.15}
mtime=1700000000

# reports VERSION PATH: PATH is an interpreter that says it is release VERSION.
reports() {
  [ -f "$2" ] && [ -x "$2" ] || return 1
  [ "$("$2" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$1" ]
}

pyenv_root() {
  if [ -n "${PYENV_ROOT:-}" ]; then echo "$PYENV_ROOT"
  elif command -v pyenv >/dev/null 2>&1; then pyenv root
  elif [ -d "$HOME/.pyenv" ]; then echo "$HOME/.pyenv"
  fi
}

# find_python VERSION prints the interpreter's path, or fails.
find_python() {
  local v=$1 c root
  local -a cands=()
  [ -n "${PYASM_PYTHONS:-}" ] && cands+=("$PYASM_PYTHONS/$v/bin/python")
  c=$(command -v "python$v" 2>/dev/null) && cands+=("$c")
  root=$(pyenv_root)
  if [ -n "$root" ]; then
    # Newest patch release first.
    while IFS= read -r c; do cands+=("$c"); done < <(
      ls -d "$root/versions/$v".*/bin/python 2>/dev/null | sort -t. -k3,3nr)
  fi
  cands+=("$HOME/.cache/pyasm/pythons/$v/bin/python")
  for c in "${cands[@]}"; do
    if reports "$v" "$c"; then echo "$c"; return 0; fi
  done
  return 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/tour.py" "$tmp/tour.py"
touch -d "@$mtime" "$tmp/tour.py"

# compile PYTHON OUT [EXTRA-ARGS]: py_compile tour.py into $here/OUT.
compile() {
  # SOURCE_DATE_EPOCH would make 3.7+ write a hash-based header; the fixed
  # hash seed keeps anything hash-ordered in the same order on every run.
  (cd "$tmp" && env -u SOURCE_DATE_EPOCH PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 "$1" -c \
    "import py_compile; py_compile.compile('tour.py', cfile='$here/$2', dfile='tour.py', doraise=True$3)")
}

missing=0
written=()
for v in $releases; do
  if ! py=$(find_python "$v"); then
    echo "$v: no interpreter found; tour-$v.pyc left as it was" >&2
    missing=1
    continue
  fi
  echo "$v: $py"
  compile "$py" "tour-$v.pyc" ""
  written+=("$v:tour-$v.pyc:$py")
  if [ "$v" = 3.12 ]; then
    compile "$py" "tour-3.12-hash.pyc" ", invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH"
    written+=("$v:tour-3.12-hash.pyc:$py")
  fi
done

echo "running what was written:"
outputs=()
for w in "${written[@]}"; do
  IFS=: read -r v file py <<<"$w"
  out=$(cd "$tmp" && "$py" "$here/$file")
  printf '  %-20s %s\n' "$file" "$out"
  outputs+=("$out")
done
if [ "$(printf '%s\n' "${outputs[@]}" | sort -u | wc -l)" -gt 1 ]; then
  echo "the files do not all print the same thing" >&2
  exit 1
fi
exit $missing
