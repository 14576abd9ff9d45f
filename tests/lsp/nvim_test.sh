#!/bin/sh
# lsp.neovim: tests/lsp/nvim_test.lua in a headless Neovim (its built-in LSP client, 0.7.2 or
# later) against the real `archc lsp`, with no user config and Neovim's own files (log, state)
# kept in WORKDIR. Set NVIM_PROGRAM to use another nvim binary.
#
#   sh tests/lsp/nvim_test.sh ARCHC_BINARY SEED.arch WORKDIR
set -eu
if [ $# -ne 3 ]; then
  echo "usage: $0 ARCHC_BINARY SEED.arch WORKDIR" >&2
  exit 2
fi
work=$(realpath -m "$3")
rm -rf "$work"
mkdir -p "$work/xdg"
ARCHC=$(realpath "$1") SEED=$(realpath "$2")
NVIM_TEST_SCRIPT=$(realpath "$(dirname "$0")/nvim_test.lua")
export ARCHC SEED WORK="$work" NVIM_TEST_SCRIPT
export XDG_CONFIG_HOME="$work/xdg/config" XDG_DATA_HOME="$work/xdg/data" \
       XDG_CACHE_HOME="$work/xdg/cache" XDG_STATE_HOME="$work/xdg/state"
# The script quits Neovim itself (status 0, or 1 on a failed check or a Lua error caught);
# the last -c runs only when it could not (a syntax error, say): status 3, never a hang.
exec "${NVIM_PROGRAM:-nvim}" --headless --clean -u NONE -i NONE -n \
  -c 'lua dofile(os.getenv("NVIM_TEST_SCRIPT"))' -c 'cquit 3' </dev/null
