#!/usr/bin/env bash
# The Debian packages `make run` and `make test` need beyond Python and Node: the libraries
# WeasyPrint loads to draw PDFs (Pango, HarfBuzz, fontconfig, GLib) and a font, and for the
# test suite Debian's Chromium (browser journeys). Installs what is missing when it can (root
# with apt-get), otherwise stops at once with the exact command to run.
#
#   bin/system-deps.sh [--with-chromium] [--dry-run]
#
# --dry-run prints what it would run instead of running it. Called by the Makefile's install step.
# SYSTEM_FONTS_DIR (default /usr/share/fonts) is where a font must be; the tests move it.
set -euo pipefail

with_chromium=no
dry_run=no
for arg in "$@"; do
  case $arg in
    --with-chromium) with_chromium=yes ;;
    --dry-run) dry_run=yes ;;
    *) echo "usage: $0 [--with-chromium] [--dry-run]" >&2; exit 2 ;;
  esac
done

# WeasyPrint (weasyprint/text/ffi.py) loads these shared libraries by name; each comes from the
# Debian package beside it.
libraries=(
  "libgobject-2.0.so.0 libglib2.0-0"
  "libpango-1.0.so.0 libpango-1.0-0"
  "libpangoft2-1.0.so.0 libpangoft2-1.0-0"
  "libharfbuzz.so.0 libharfbuzz0b"
  "libharfbuzz-subset.so.0 libharfbuzz-subset0"
  "libfontconfig.so.1 libfontconfig1"
)

missing_packages() {
  local known pair soname package
  known=$(ldconfig -p 2>/dev/null || true)
  for pair in "${libraries[@]}"; do
    read -r soname package <<<"$pair"
    grep -qF "$soname " <<<"$known" || echo "$package"
  done
  # A PDF drawn on a machine without a single font has no text.
  compgen -G "${SYSTEM_FONTS_DIR:-/usr/share/fonts}/*" >/dev/null || echo fonts-dejavu-core
  if [ "$with_chromium" = yes ] && ! command -v chromium >/dev/null; then
    echo chromium
  fi
  return 0
}

mapfile -t packages < <(missing_packages)
[ ${#packages[@]} -eq 0 ] && exit 0

install_command="apt-get update && apt-get install -y ${packages[*]}"
sudo_command="sudo apt-get update && sudo apt-get install -y ${packages[*]}"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${packages[*]}" >&2
  if command -v apt-get >/dev/null; then
    echo "Run this once (as root, or with sudo), then the make command again:" >&2
    echo "  $sudo_command" >&2
  else
    echo "Install them with your system's package manager (these are Debian's names), then run make again." >&2
  fi
  exit 1
fi

echo "Installing missing system packages: ${packages[*]}"
if [ "$dry_run" = yes ]; then
  echo "would run: $install_command"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${packages[@]}" >/dev/null
