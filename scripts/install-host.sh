#!/usr/bin/env bash
# Installs what the extension-host tests need on a fresh Debian machine:
# Debian's chromium and build tools, and code-server 4.100.3 (VS Code 1.100.3) into a git-ignored .tools folder.
# Idempotent: skips whatever is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"

need_apt=()
for bin in chromium rg g++ pkg-config; do command -v "$bin" >/dev/null 2>&1 || need_apt+=("$bin"); done
[ -f /usr/include/krb5.h ] || [ -d /usr/include/krb5 ] || need_apt+=(krb5)
[ -d /usr/include/libsecret-1 ] || need_apt+=(libsecret)
[ -d /usr/include/X11/extensions ] && [ -f /usr/include/X11/extensions/XKBfile.h ] || need_apt+=(x11)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-host: apt-get packages (missing: ${need_apt[*]})"
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$tools"
  { apt-get update -qq && apt-get install -y -qq build-essential pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ripgrep chromium; } \
    >"$tools/apt.log" 2>&1 || { tail -40 "$tools/apt.log"; echo "install-host: apt-get failed (see above)"; exit 1; }
fi

cs="$tools/code-server"
if [ ! -x "$cs/node_modules/.bin/code-server" ] || [ ! -d "$cs/node_modules/code-server/lib/vscode/node_modules" ]; then
  echo "install-host: code-server 4.100.3"
  mkdir -p "$cs"
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the archive.
  tmp="${TMPDIR:-/tmp}"
  cache="$tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache"
  stage="$(mktemp -d)"
  cp "$(command -v rg)" "$stage/rg"
  tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$stage" rg
  rm -rf "$stage"
  [ -f "$cs/package.json" ] || echo '{"name":"host-tools","private":true}' > "$cs/package.json"
  (cd "$cs" && npm_config_unsafe_perm=true npm_config_yes=true npm install --no-save --no-audit --no-fund code-server@4.100.3 >"$tools/code-server-install.log" 2>&1) \
    || { tail -40 "$tools/code-server-install.log"; exit 1; }
  [ -d "$cs/node_modules/code-server/lib/vscode/node_modules" ] || { echo "install-host: code-server's postinstall did not run"; tail -40 "$tools/code-server-install.log"; exit 1; }
fi
echo "install-host: ready ($cs/node_modules/.bin/code-server)"
