#!/usr/bin/env bash
# `npm test`: type-check, lint, format check and every test. The checks run beside the tests, each on
# its own process: they are single-threaded and the tests spend most of their time waiting on local
# sockets, so the whole takes about as long as the slowest part instead of the sum.
set -u
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx tsc --noEmit >"$out/typecheck" 2>&1 &
typecheck=$!
(npx eslint . && npx prettier --check . --log-level warn) >"$out/lint" 2>&1 &
lint=$!
npx vitest run
tests=$?
wait "$typecheck"
typecheck_status=$?
wait "$lint"
lint_status=$?
status=0
if [ "$typecheck_status" -ne 0 ]; then
  echo "type-check failed:"
  cat "$out/typecheck"
  status=1
fi
if [ "$lint_status" -ne 0 ]; then
  echo "lint or format check failed (npm run format fixes formatting):"
  cat "$out/lint"
  status=1
fi
[ "$tests" -ne 0 ] && status=1
[ "$status" -eq 0 ] && echo "type-check, lint and format check passed"
exit "$status"
