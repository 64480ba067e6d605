#!/bin/sh
# No file of the source tree holds a leftover merge-conflict marker (one landed in the docs
# once, from a merge of parallel branches). Reads only the tree; TAP.
top=${1:?usage: check-merge-markers.sh SOURCE-ROOT}
cd "$top" || exit 1
echo "1..1"
# git ls-files when this is a checkout; otherwise every regular file outside build folders.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files)
else
  files=$(find . -type f ! -path './_build*' ! -path './.git/*' | sed 's|^\./||')
fi
found=$(printf '%s\n' "$files" | grep -v '\.png$' |
        xargs grep -nE '^(<<<<<<< |>>>>>>> |=======$)' 2>/dev/null)
if [ -n "$found" ]; then
  echo "not ok 1 merge-conflict markers in the tree"
  printf '%s\n' "$found" | sed 's/^/# /'
else
  echo "ok 1 no merge-conflict markers in the tree"
fi
