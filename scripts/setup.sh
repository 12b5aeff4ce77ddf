#!/usr/bin/env bash
# Installs what building and testing newscard needs, skipping what is already
# there: the wasm32 target and the standard library's source (the release widget
# rebuilds std for size), wasm-bindgen-cli at Cargo.lock's exact version,
# wasm-pack, npm tools (binaryen's wasm-opt, terser, playwright-core, axe-core),
# Debian's Chromium with its driver and CJK fonts, Debian's PostgreSQL, and
# when missing a C compiler, python3 and Node.js (20 or later is needed).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v rustup >/dev/null || {
  echo "newscard needs Rust through rustup (https://rustup.rs); rust-toolchain.toml names the version" >&2
  exit 1
}

packages=()
# A C compiler links the cargo-installed tools; python3 picks free ports and counts rows,
# and its venv holds Schemathesis (Debian ships ensurepip apart, in python3-venv).
command -v cc >/dev/null || packages+=(build-essential)
command -v python3 >/dev/null || packages+=(python3)
python3 -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
  || ! fc-list 2>/dev/null | grep -i 'noto.*cjk' >/dev/null; then
  packages+=(chromium chromium-driver fonts-noto-cjk)
fi
# PostgreSQL's server programs, for the tests' private clusters; no cluster of
# the package's own is made (nothing may depend on one the machine happens to run).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  packages+=(postgresql)
fi
if [ ${#packages[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || {
      echo "setup needs Debian packages it cannot install without root or sudo:" >&2
      echo "  apt-get install -y ${packages[*]}" >&2
      echo "run that as root, then run this script again" >&2
      exit 1
    }
    sudo="sudo"
  fi
  $sudo mkdir -p /etc/postgresql-common
  [ -e /etc/postgresql-common/createcluster.conf ] \
    || echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${packages[@]}"
fi

# The test runner's --test-concurrency and playwright-core need Node 20.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or later is needed; this machine has $(node --version)." >&2
  echo "Install a newer Node.js (nodejs.org or your distribution's backports) and run again." >&2
  exit 1
fi

# grep without -q: quitting early would fail the pipe (pipefail) and add again.
if ! rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null; then
  rustup target add wasm32-unknown-unknown
fi
if ! rustup component list --installed | grep '^rust-src' >/dev/null; then
  rustup component add rust-src
fi

wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  # Without --locked: a locked dependency of the CLI can be missing from the registry.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi
if ! command -v wasm-pack >/dev/null; then
  cargo install wasm-pack
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/terser ] \
  || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  npm ci --no-audit --no-fund
fi

