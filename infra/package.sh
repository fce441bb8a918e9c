#!/usr/bin/env bash
# Write the deployable stack of the "prod" stage to build/: sam.yaml (the CloudFormation
# template, Chalice's output merged with infra/resources.yaml) and deployment.zip (the Lambda
# bundle: app.py, chalicelib/ and the wheels of requirements.txt), then check both.
#
# Needs no AWS credentials. Chalice needs a region to build the template, and the region
# only decides the service principals. Those differ outside the aws partition (China,
# GovCloud), so set AWS_DEFAULT_REGION to the target region when deploying there.
set -euo pipefail
cd "$(dirname "$0")/.."

export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-eu-west-1}"
VENV="${VENV:-.venv}"

# Chalice writes into an existing folder without emptying it. Removing its earlier output
# first means a stale template or bundle cannot be deployed or linted by mistake.
mkdir -p build
rm -f build/sam.yaml build/sam.json build/deployment.zip

"$VENV/bin/chalice" package --stage prod --merge-template infra/resources.yaml build/
"$VENV/bin/python" infra/check_package.py build/ --json-copy build/lint/sam.json
