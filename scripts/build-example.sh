#!/usr/bin/env bash
# Builds the example Leptos app (examples/leptos-app) into its pkg/ for the
# browser test: a development build, as an app's own `wasm-pack build --dev`
# would make it (the widget's size work is scripts/build-widget.sh's, not this).
set -euo pipefail
cd "$(dirname "$0")/../examples/leptos-app"
wasm-pack build --dev --target web --out-dir pkg --no-typescript
