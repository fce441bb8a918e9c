#!/usr/bin/env bash
# Lint the CloudFormation of the stack: the merge template in infra/, the packaged template,
# and (where aws-sam-translator is installed) the packaged template after the SAM transform.
# CI runs this through `make lint`; it packages first, so it needs PyPI but no AWS credentials.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
CFN_LINT="$VENV/bin/cfn-lint"

# The merge template alone lacks what Chalice adds to the same resources: Handler and
# Runtime of the functions (W2533) and StageName of the API (E3003). The packaged template
# below has them and is linted with every check.
echo "cfn-lint infra/*.yaml"
"$CFN_LINT" --ignore-checks W2533 E3003 -- infra/*.yaml

bash infra/package.sh

echo "cfn-lint build/sam.yaml"
"$CFN_LINT" -- build/sam.yaml

# The transform needs aws-sam-translator (pinned in requirements-dev.txt).
# The first Python that has it runs the check. Without one, the check is skipped.
transform_python=""
for candidate in "$VENV/bin/python" python3; do
  if "$candidate" -c "import samtranslator" >/dev/null 2>&1; then
    transform_python="$candidate"
    break
  fi
done
if [ -n "$transform_python" ]; then
  echo "SAM transform and cfn-lint of the expanded template"
  "$transform_python" infra/sam_transform.py build/lint/sam.json build/lint/transformed.json
  "$CFN_LINT" -- build/lint/transformed.json
else
  echo "skipped the SAM transform check: no Python here has aws-sam-translator (pip install aws-sam-translator)"
fi
echo "CloudFormation lint passed"
