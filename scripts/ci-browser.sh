#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests of 'minilateral serve'
# (cmd/minilateral/serve_browser_test.go), only when no Chromium is on
# PATH. Called by .ci/run.
set -euo pipefail
for b in chromium chromium-browser google-chrome google-chrome-stable headless-shell; do
	if command -v "$b" >/dev/null 2>&1; then exit 0; fi
done
if ! command -v apt-get >/dev/null 2>&1; then
	echo "ci-browser: no Chromium and no apt-get: install Chromium for the browser tests" >&2
	exit 1
fi
sudo=
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
