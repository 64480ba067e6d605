#!/usr/bin/env bash
# Start Ganscape under Xvfb and write a screenshot of its window as PNG, so anyone can look at
# the interface without a display.
#
#   tools/screenshot.sh [--lang ja] [--action NAME] [--build DIR] OUT.png
#
#   --lang LANG     run in that language (LANGUAGE=LANG; e.g. ja)
#   --action NAME   after start, activate the app action NAME (preferences, about) or
#                   show-help-overlay, and capture the window it opens instead
#   --build DIR     build folder (default: _build, made by tools/setup.sh)
set -euo pipefail

lang="" action="" build="_build" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --lang) lang="$2"; shift 2 ;;
    --action) action="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "screenshot.sh: unknown option $1" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done
[ -n "$out" ] || { echo "usage: tools/screenshot.sh [--lang ja] [--action NAME] OUT.png" >&2; exit 2; }

top=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build="$top/$build" ;; esac
app="$build/app/programs/ganscape"
[ -x "$app" ] || { echo "screenshot.sh: $app is not built; run tools/setup.sh first" >&2; exit 1; }
for tool in xvfb-run xwininfo import dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: needs $tool (tools/setup.sh installs it)" >&2; exit 1; }
done
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

# Runs inside Xvfb and a private D-Bus session (the app's actions are reached over D-Bus).
inner=$(cat <<'INNER'
set -eu
"$APP" >"$LOG" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
# The topmost mapped top-level window bigger than a tooltip (xwininfo lists top first).
topmost() {
  xwininfo -root -children | awk '/^ +0x/ { print $1 }' |
  while read -r id; do
    info=$(xwininfo -id "$id" 2>/dev/null) || continue
    echo "$info" | grep -q 'Map State: IsViewable' || continue
    w=$(echo "$info" | awk '/Width:/ {print $2}'); h=$(echo "$info" | awk '/Height:/ {print $2}')
    [ "$w" -gt 200 ] && [ "$h" -gt 150 ] && echo "$id"
  done | head -n 1
}
for _ in $(seq 100); do win=$(topmost); [ -n "$win" ] && break; sleep 0.2; done
[ -n "${win:-}" ] || { echo "screenshot.sh: no window appeared; the app said:" >&2; cat "$LOG" >&2; exit 1; }
if [ -n "$ACTION" ]; then
  gapplication action io.github.ganscape.Ganscape "$ACTION"
  for _ in $(seq 50); do new=$(topmost); [ "$new" != "$win" ] && [ -n "$new" ] && break; sleep 0.2; done
  [ "$new" != "$win" ] || { echo "screenshot.sh: action $ACTION opened no window" >&2; exit 1; }
  win=$new
fi
sleep 1.5 # let the first frames settle (icons, fonts)
import -window "$win" "$OUT"
INNER
)

log=$(mktemp)
env APP="$app" OUT="$out" ACTION="$action" LOG="$log" \
  GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GTK_A11Y=none \
  GANSCAPE_LOCALEDIR="$build/po" ${lang:+LANGUAGE=$lang LANG=C.UTF-8 LC_ALL=C.UTF-8} \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1400x900x24" bash -c "$inner" \
  2> >(grep -v 'Failed to set fd limit' >&2)
rm -f "$log"
echo "wrote $out"
