# Source this file: points the build and the tests at the project's own librdkafka 2.8.0,
# the Tansu broker and the Python venv that scripts/bootstrap.sh installs under .cache/.
_sd_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export STREAM_DAEMON_ROOT="$_sd_root"
export PKG_CONFIG_PATH="$_sd_root/.cache/librdkafka/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$_sd_root/.cache/librdkafka/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export TANSU="$_sd_root/.cache/tansu"
export VENV="$_sd_root/.cache/venv"
if [ -d /opt/swift/usr/bin ] && ! command -v swift >/dev/null 2>&1; then export PATH="/opt/swift/usr/bin:$PATH"; fi
# Linker flags that bake the librdkafka path into binaries so they run without LD_LIBRARY_PATH.
export SWIFT_BUILD_FLAGS="-Xlinker -rpath -Xlinker $_sd_root/.cache/librdkafka/lib"
unset _sd_root
