"""Check what `chalice package` wrote to build/ before anyone deploys it.

Run by infra/package.sh after packaging. It fails (exit status 1, one line per problem) when
  - the Lambda bundle contains development or operator code (devstack/, remi_admin/, tests/,
    bench/), or shipped code imports it;
  - a pinned runtime requirement is missing from the bundle, which is what happens when
    Chalice cannot download a Lambda-compatible wheel and only prints a warning;
  - the bundle exceeds Lambda's limit of 250 MB unzipped;
  - a function does not run as FunctionRole, or the stack contains any other IAM role or policy;
  - a function lacks a setting the deployed app cannot run without.
With --json-copy PATH it also writes the template as JSON, for the SAM transform in
infra/lint.sh, whose Python may lack a YAML parser that knows CloudFormation's tags.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

from chalice.package import YAMLTemplateSerializer

# Top-level folders of this repository that must never reach Lambda.
EXCLUDED_FOLDERS = ("devstack", "remi_admin", "tests", "bench", "infra")
IMPORT_OF_EXCLUDED = re.compile(r"^\s*(from|import)\s+(devstack|remi_admin|tests)\b", re.MULTILINE)
LAMBDA_UNZIPPED_LIMIT_BYTES = 250 * 1024 * 1024

# Set by infra/resources.yaml (SAM Globals) or .chalice/config.json; the rest have defaults
# in chalicelib/settings.py that fit production.
REQUIRED_VARIABLES = (
    "REMI_STAGE",
    "REMI_TABLE_NAME",
    "REMI_SIGNING_KEY_ID",
    "REMI_PSEUDONYM_KEY",
    "REMI_FAS_ISSUER",
    "REMI_FAS_JWKS_URL",
    "REMI_FAS_CLIENT_ID",
    "REMI_TOKEN_ISSUER",
    "REMI_TOKEN_AUDIENCE",
    "REMI_INVITATION_LINK_BASE",
)
FUNCTION_ROLE = {"Fn::GetAtt": ["FunctionRole", "Arn"]}
IAM_TYPES = ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy")
ALLOWED_IAM_RESOURCES = {"FunctionRole", "SigningKeyAccess"}


def pinned_requirements(text: str) -> dict[str, str]:
    """Map the normalized name of each `name==version` line of a requirements file to its version."""
    pins: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" not in line:
            continue
        name, version = (part.strip() for part in line.split("==", 1))
        pins[re.sub(r"[-_.]+", "_", name).lower()] = version
    return pins


def bundle_problems(archive: zipfile.ZipFile, pins: dict[str, str]) -> list[str]:
    """List what is wrong with the Lambda bundle; `pins` comes from pinned_requirements()."""
    problems: list[str] = []
    entries = archive.infolist()
    names = [entry.filename for entry in entries]

    for name in names:
        if name.split("/", 1)[0] in EXCLUDED_FOLDERS:
            problems.append(f"bundle: contains {name}, which must not be deployed")

    for required in ("app.py", "chalicelib/__init__.py"):
        if required not in names:
            problems.append(f"bundle: {required} is missing")

    for name in names:
        if name == "app.py" or (name.startswith("chalicelib/") and name.endswith(".py")):
            source = archive.read(name).decode("utf-8")
            if IMPORT_OF_EXCLUDED.search(source):
                problems.append(f"bundle: {name} imports development or operator code")

    installed = {
        name.split("/", 1)[0].removesuffix(".dist-info").lower()
        for name in names
        if name.split("/", 1)[0].endswith(".dist-info")
    }
    for package, version in pins.items():
        if f"{package}-{version}" not in installed:
            problems.append(
                f"bundle: {package}=={version} from the requirements is missing;"
                " Chalice could not install a Lambda-compatible wheel for it"
            )

    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > LAMBDA_UNZIPPED_LIMIT_BYTES:
        problems.append(f"bundle: {unzipped} bytes unzipped, above Lambda's limit of 250 MB")
    return problems


def template_problems(template: dict[str, Any]) -> list[str]:
    """List what is wrong with the merged template's functions and IAM resources."""
    problems: list[str] = []
    resources: dict[str, Any] = template.get("Resources", {})
    global_variables = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})

    functions = {name: body for name, body in resources.items() if body.get("Type") == "AWS::Serverless::Function"}
    if not functions:
        problems.append("template: no AWS::Serverless::Function found")
    for name, body in functions.items():
        properties = body.get("Properties", {})
        if properties.get("Role") != FUNCTION_ROLE:
            problems.append(f"template: {name} runs as {properties.get('Role')!r}, not FunctionRole")
        if "Policies" in properties:
            problems.append(f"template: {name} has its own Policies; all permissions belong to FunctionRole")
        if "SigningKeyAccess" not in body.get("DependsOn", []):
            problems.append(f"template: {name} may start before SigningKeyAccess grants the signing key")
        variables = {**global_variables, **properties.get("Environment", {}).get("Variables", {})}
        for variable in REQUIRED_VARIABLES:
            if variable not in variables:
                problems.append(f"template: {name} lacks the environment variable {variable}")

    for name, body in resources.items():
        if body.get("Type") in IAM_TYPES and name not in ALLOWED_IAM_RESOURCES:
            problems.append(f"template: {name} ({body['Type']}) grants permissions outside FunctionRole")

    if "replaced-by-infra-resources-yaml" in json.dumps(template):
        problems.append("template: the placeholder iam_role_arn of .chalice/config.json survived the merge")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="folder that chalice package wrote (build/)")
    parser.add_argument("--requirements", type=Path, default=Path("requirements.txt"))
    parser.add_argument("--json-copy", type=Path, help="also write the template as JSON to this file")
    arguments = parser.parse_args(argv)

    template = YAMLTemplateSerializer().load_template((arguments.build / "sam.yaml").read_text())
    pins = pinned_requirements(arguments.requirements.read_text())
    with zipfile.ZipFile(arguments.build / "deployment.zip") as archive:
        problems = bundle_problems(archive, pins)
    problems += template_problems(template)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1

    if arguments.json_copy:
        arguments.json_copy.parent.mkdir(parents=True, exist_ok=True)
        arguments.json_copy.write_text(json.dumps(template, indent=1))
    print(f"{arguments.build}: bundle and template checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
