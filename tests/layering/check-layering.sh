#!/usr/bin/env bash
# The layers link only what they may (DEVELOPERS.md): each argument is CHECK:LABEL:FILE with
#   no-gtk-exe   the executable needs no libgtk/libgdk, even indirectly (ldd)
#   no-glib-lib  the static library references no g_*/glib_*/gtk_*/gdk_* symbol (nm -u)
#   no-gtk-lib   the static library references no gtk_*/gdk_*/gsk_* symbol (nm -u)
#   skip         the layer is not built yet (LABEL says which); reported as a TAP skip
# Prints TAP.
set -u
echo "1..$#"
n=0 failed=0
for spec in "$@"; do
  n=$((n + 1))
  check=${spec%%:*} rest=${spec#*:}
  label=${rest%%:*} file=${rest#*:}
  case "$check" in
    no-gtk-exe)
      bad=$(ldd "$file" | grep -E 'lib(gtk|gdk)-' || true) ;;
    no-glib-lib)
      bad=$(nm -u "$file" | awk '{print $NF}' | grep -E '^_?(g|glib|gtk|gdk)_' | sort -u || true) ;;
    no-gtk-lib)
      bad=$(nm -u "$file" | awk '{print $NF}' | grep -E '^_?(gtk|gdk|gsk)_' | sort -u || true) ;;
    skip)
      echo "ok $n $label # SKIP not built in this tree yet"; continue ;;
    *)
      echo "not ok $n $label: unknown check $check"; failed=1; continue ;;
  esac
  if [ ! -e "$file" ]; then
    echo "not ok $n $label: $file does not exist"; failed=1
  elif [ -n "$bad" ]; then
    echo "not ok $n $label ($check)"; echo "$bad" | head -20 | sed 's/^/# /'; failed=1
  else
    echo "ok $n $label ($check)"
  fi
done
exit $failed
