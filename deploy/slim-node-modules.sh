#!/bin/sh
# Run by the Dockerfile after `npm prune --omit=dev`, and by test/docker/slimNodeModules.test.ts on a
# copy: deletes what the running bot never loads from its three heaviest runtime packages.
#
#   sh deploy/slim-node-modules.sh <node_modules dir> <font file>...
#
# The font files are absolute paths, the ones the charts load (FONT_FILES in
# src/discord/chart/render.ts, passed in by the Dockerfile from the build), so this script keeps no
# second list of them that could drift from the code.
set -eu

if [ "$#" -lt 2 ]; then
  echo 'usage: sh deploy/slim-node-modules.sh <node_modules dir> <font file>...' >&2
  exit 1
fi
modules=$(cd "$1" && pwd)
shift
font_files="$*"

# keep_only <package dir> <path inside it>...: replaces the package by one holding only those paths,
# its package.json (require.resolve and `bindings` need it) and its licence files.
keep_only() {
  dir=$1
  shift
  before=$(du -sk "$dir" | cut -f1)
  for path in package.json LICENSE LICENSE_FONT "$@"; do
    if [ ! -e "$dir/$path" ]; then
      case $path in package.json | LICENSE*) continue ;; esac
      echo "$dir/$path is missing: has the package changed its layout?" >&2
      exit 1
    fi
    mkdir -p "$dir.kept/$(dirname "$path")"
    mv "$dir/$path" "$dir.kept/$path"
  done
  rm -rf "$dir"
  mv "$dir.kept" "$dir"
  echo "slimmed ${dir#"$modules"/}: $before kB -> $(du -sk "$dir" | cut -f1) kB"
}

# keep_fonts <package name>: keeps only the font files given that lie in that package.
keep_fonts() {
  pkg="$modules/$1"
  fonts=''
  for file in $font_files; do
    case $file in "$pkg"/*) fonts="$fonts ${file#"$pkg"/}" ;; esac
  done
  if [ -z "$fonts" ]; then
    echo "no font file given lies in $pkg: the charts load fonts from both font packages" >&2
    exit 1
  fi
  # Unquoted on purpose: one argument per font path (npm package paths hold no spaces).
  # shellcheck disable=SC2086
  keep_only "$pkg" $fonts
}

for file in $font_files; do
  case $file in
    "$modules/dejavu-fonts-ttf/"* | "$modules/@expo-google-fonts/noto-sans-sc/"*) ;;
    *)
      echo "$file lies in neither font package this script slims; add its package here" >&2
      exit 1
      ;;
  esac
done

# What require('better-sqlite3') loads: its JavaScript and the addon `bindings` finds; the rest is
# the SQLite sources and the compiler's objects from the install.
keep_only "$modules/better-sqlite3" lib build/Release/better_sqlite3.node
keep_fonts dejavu-fonts-ttf
keep_fonts @expo-google-fonts/noto-sans-sc
