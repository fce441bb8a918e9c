"""Expand the packaged SAM template into plain CloudFormation, as CloudFormation would.

cfn-lint 1.58 checks AWS::Serverless::* resources against SAM's schemas without running the
transform, so it cannot see what SAM makes of GatewayResponses, MethodSettings, Globals or
the schedule. This script runs the transform offline with aws-sam-translator (it needs a
region but no credentials) so that infra/lint.sh can lint the expanded template too.

Usage: python infra/sam_transform.py build/lint/sam.json build/lint/transformed.json
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from samtranslator.public.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform

# `aws cloudformation package` uploads deployment.zip and writes its S3 address into
# CodeUri. The transform rejects a local path, so this address replaces it.
PLACEHOLDER_CODE_URI = "s3://remi-access-lint-placeholder/deployment.zip"


class NoManagedPolicies:
    """Managed-policy loader that the transform requires; the template names no managed policy."""

    def load(self) -> dict[str, str]:
        return {}


def parameter_values(template: dict[str, Any]) -> dict[str, str]:
    """Return a stand-in value for each parameter without a default."""
    return {
        name: "lint-placeholder"
        for name, parameter in template.get("Parameters", {}).items()
        if "Default" not in parameter
    }


def main(source: str, target: str) -> int:
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    with open(source, encoding="utf-8") as handle:
        template = json.load(handle)
    for resource in template["Resources"].values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = PLACEHOLDER_CODE_URI

    try:
        expanded = transform(template, parameter_values(template), NoManagedPolicies())
    except InvalidDocumentException as exc:
        for cause in exc.causes:
            print(f"{source}: SAM transform failed: {cause.message}", file=sys.stderr)
        return 1

    with open(target, "w", encoding="utf-8") as handle:
        json.dump(expanded, handle, indent=1)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
