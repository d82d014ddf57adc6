#!/usr/bin/env bash
# Installs code-server (the open-source VS Code server, here VS Code 1.100.3, the newest that runs on
# Node 20) into .cache/code-server, for the extension's @vscode/test-electron suite and UI test.
# Desktop VS Code cannot be downloaded on these machines; code-server comes from the npm registry.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="4.100.3"
DEST="$PWD/.cache/code-server"
BIN="$DEST/node_modules/.bin/code-server"
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^$VERSION "; then
  echo "code-server $VERSION: present"
  exit 0
fi
command -v rg >/dev/null || { echo "ripgrep (rg) is required: run scripts/install-system-deps.sh" >&2; exit 1; }
# @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here: pre-fill its
# download cache with Debian's rg, packed under the asset name it looks for.
RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
RG_ASSET="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_ASSET" ]; then
  mkdir -p "$RG_CACHE"
  tmp="$(mktemp -d)"
  cp "$(command -v rg)" "$tmp/rg"
  tar czf "$RG_ASSET" -C "$tmp" rg
  rm -rf "$tmp"
fi
mkdir -p "$DEST"
cd "$DEST"
[ -f package.json ] || echo '{ "name": "sagestream-code-server", "private": true }' > package.json
# unsafe-perm: code-server's postinstall refuses to run as root without it.
# yes: node-pty's postinstall runs `npx node-gyp`, and this machine's npm config says yes=false.
npm_config_unsafe_perm=true npm_config_yes=true npm install --no-save --no-audit --no-fund "code-server@$VERSION"
"$BIN" --version
