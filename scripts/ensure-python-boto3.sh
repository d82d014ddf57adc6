#!/usr/bin/env bash
# Finds a Python 3 with boto3 >= 1.28 for the Python half of the fidelity tests (boto3 against the
# mock, botocore's SigV4 signing, the 2023 announcement's client) and prints its path on stdout.
# 1.28 is the first boto3 that honours AWS_ENDPOINT_URL_<SERVICE>, which the tests rely on.
#
# Order: $SAGESTREAM_PYTHON, python3 on PATH (e.g. the image's pyenv Python), the system python3s;
# failing those, Debian's python3-boto3 via apt. PyPI is not reachable from CI, so when Debian's
# boto3 is too old (bookworm ships 1.26) this fails with what to do instead of letting tests skip.
# Usage: SAGESTREAM_PYTHON="$(bash scripts/ensure-python-boto3.sh)"   (messages go to stderr)
set -euo pipefail

# Exit 0 when the interpreter imports boto3 >= 1.28.
has_boto3() {
  "$1" -c 'import sys, boto3; v = tuple(int(p) for p in boto3.__version__.split(".")[:2]); sys.exit(0 if v >= (1, 28) else 1)' >/dev/null 2>&1
}
describe() {
  "$1" -c 'import sys, boto3; print(sys.version.split()[0], "boto3", boto3.__version__)' 2>/dev/null || echo "no boto3"
}

candidates=()
[ -n "${SAGESTREAM_PYTHON:-}" ] && candidates+=("$SAGESTREAM_PYTHON")
if command -v python3 >/dev/null 2>&1; then candidates+=("$(command -v python3)"); fi
candidates+=(/usr/local/bin/python3 /usr/bin/python3)

seen=" "
for candidate in "${candidates[@]}"; do
  [ -x "$candidate" ] || continue
  case "$seen" in *" $candidate "*) continue ;; esac
  seen="$seen$candidate "
  if has_boto3 "$candidate"; then
    # Resolve shims (pyenv) to the real interpreter, so the tests need no shell setup.
    resolved="$("$candidate" -c 'import sys; print(sys.executable)')"
    echo "python for the boto3 tests: $resolved ($(describe "$resolved"))" >&2
    echo "$resolved"
    exit 0
  fi
  echo "skipping $candidate: $(describe "$candidate")" >&2
done

echo "no python3 with boto3 >= 1.28 found; trying Debian's python3-boto3" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3 python3-boto3 >&2
if has_boto3 /usr/bin/python3; then
  echo "python for the boto3 tests: /usr/bin/python3 ($(describe /usr/bin/python3))" >&2
  echo /usr/bin/python3
  exit 0
fi

cat >&2 <<MESSAGE
error: the boto3 fidelity tests need boto3 >= 1.28 (AWS_ENDPOINT_URL_<SERVICE> support), but
  Debian's python3-boto3 gives $(describe /usr/bin/python3), and PyPI is not reachable from CI.
  Provide a Python 3 with boto3 >= 1.28 (e.g. the CI image's pyenv Python) on PATH, or point
  SAGESTREAM_PYTHON at one, then run .ci/run again.
MESSAGE
exit 1
