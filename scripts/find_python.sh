#!/usr/bin/env bash
# Prints the path of a Python interpreter of the wanted minor version (e.g. 3.10):
# first on PATH, then among pyenv's installed versions. Fails with a clear message.
set -euo pipefail
want="${1:?usage: find_python.sh 3.10}"
check() { [ -x "$1" ] && [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$want" ]; }
for cand in "$(command -v "python$want" 2>/dev/null || true)"; do
  if [ -n "$cand" ] && check "$cand"; then echo "$cand"; exit 0; fi
done
root="${PYENV_ROOT:-$HOME/.pyenv}"
for cand in $(ls -d "$root"/versions/"$want".* 2>/dev/null | sort -V -r); do
  if check "$cand/bin/python$want"; then echo "$cand/bin/python$want"; exit 0; fi
done
echo "ERROR: Python $want not found (looked on PATH as python$want and in $root/versions/$want.*)." >&2
echo "       Install it, e.g. 'pyenv install $want', and run the command again." >&2
exit 1
