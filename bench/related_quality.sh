#!/usr/bin/env bash
# Related reading quality on the labelled fixtures (tests/fixtures): imports each
# into a real server, asks GET related for every article's top 10 and prints
# precision@5, recall@5, nDCG@10 and look-alikes in a top 5 (articles of a
# near-miss sibling story), overall, per language, for the hand-labelled twelve
# and for near-miss stories, and cross-language recall@10 (pairs of one story in
# Chinese and English). The same tests assert the level (server/tests/api/related.rs).
#   bench/related_quality.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test -p newscard-server --test api related::quality -- --nocapture --test-threads 1 2>&1 |
  sed -E 's/^test [^ ]+ \.\.\. //' | grep -E 'fixture: queries|^  '
