#!/usr/bin/env bash
# po/POTFILES.in is sorted, names only files that exist, and names every source file with a
# translatable string (_(, N_(, C_( in C; translatable="yes" in .ui). Prints TAP.
set -u
top=$1
cd "$top" || exit 1
listed=$(grep -v '^#' po/POTFILES.in | grep -v '^$')
echo "1..3"

if [ "$listed" = "$(printf '%s\n' "$listed" | LC_ALL=C sort)" ]; then
  echo "ok 1 POTFILES.in is sorted (LC_ALL=C sort)"
else
  echo "not ok 1 POTFILES.in is not sorted (LC_ALL=C sort)"; bad=1
fi

missing=$(printf '%s\n' "$listed" | while read -r f; do [ -e "$f" ] || echo "$f"; done)
if [ -z "$missing" ]; then
  echo "ok 2 every listed file exists"
else
  echo "not ok 2 listed but missing:"; echo "$missing" | sed 's/^/# /'; bad=1
fi

marked=$( { grep -rlE '\b(N_|C_|NC_|_)\("' --include='*.c' app ui; \
            grep -rl 'translatable="yes"' --include='*.ui' app ui; } 2>/dev/null | LC_ALL=C sort -u)
unlisted=$(comm -23 <(printf '%s\n' "$marked") <(printf '%s\n' "$listed" | LC_ALL=C sort))
if [ -z "$unlisted" ]; then
  echo "ok 3 every file with translatable strings is listed"
else
  echo "not ok 3 files with translatable strings missing from POTFILES.in:"
  echo "$unlisted" | sed 's/^/# /'; bad=1
fi
exit ${bad:-0}
