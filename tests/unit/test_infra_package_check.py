"""infra/check_package.py, the check that runs after `make package`, on small in-memory bundles and templates."""

from __future__ import annotations

import copy
import importlib.util
import io
import zipfile
from pathlib import Path
from typing import Any

CHECK_PATH = Path(__file__).resolve().parents[2] / "infra" / "check_package.py"
_spec = importlib.util.spec_from_file_location("check_package", CHECK_PATH)
assert _spec is not None and _spec.loader is not None
check_package = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_package)

PINS = {"pynamodb": "6.1.0", "pyjwt": "2.15.1"}
SHIPPED = {
    "app.py": "from chalicelib.api import register\n",
    "chalicelib/__init__.py": "",
    "chalicelib/settings.py": "import os\n",
    "pynamodb-6.1.0.dist-info/METADATA": "",
    "pyjwt-2.15.1.dist-info/METADATA": "",
}
ENVIRONMENT = {name: "set" for name in check_package.REQUIRED_VARIABLES}
FUNCTION = {
    "Type": "AWS::Serverless::Function",
    "DependsOn": ["SigningKeyAccess"],
    "Properties": {"Role": {"Fn::GetAtt": ["FunctionRole", "Arn"]}, "Environment": {"Variables": ENVIRONMENT}},
}
TEMPLATE: dict[str, Any] = {
    "Resources": {
        "APIHandler": FUNCTION,
        "FunctionRole": {"Type": "AWS::IAM::Role"},
        "SigningKeyAccess": {"Type": "AWS::IAM::RolePolicy"},
    }
}


def bundle(files: dict[str, str]) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return zipfile.ZipFile(buffer)


def template_with(change) -> dict[str, Any]:
    template = copy.deepcopy(TEMPLATE)
    change(template["Resources"])
    return template


def test_clean_bundle_passes():
    assert check_package.bundle_problems(bundle(SHIPPED), PINS) == []


def test_bundle_with_devstack_fails():
    problems = check_package.bundle_problems(bundle({**SHIPPED, "devstack/identity_provider.py": ""}), PINS)

    assert problems == ["bundle: contains devstack/identity_provider.py, which must not be deployed"]


def test_bundle_with_remi_admin_fails():
    problems = check_package.bundle_problems(bundle({**SHIPPED, "remi_admin/cli.py": ""}), PINS)

    assert problems == ["bundle: contains remi_admin/cli.py, which must not be deployed"]


def test_shipped_import_of_devstack_fails():
    files = {**SHIPPED, "chalicelib/api/context.py": "from devstack.identity_provider import DevIdentityProvider\n"}

    problems = check_package.bundle_problems(bundle(files), PINS)

    assert problems == ["bundle: chalicelib/api/context.py imports development or operator code"]


def test_bundle_without_app_fails():
    files = {name: content for name, content in SHIPPED.items() if name != "app.py"}

    assert check_package.bundle_problems(bundle(files), PINS) == ["bundle: app.py is missing"]


def test_bundle_missing_pinned_wheel_fails():
    files = {name: content for name, content in SHIPPED.items() if not name.startswith("pyjwt")}

    problems = check_package.bundle_problems(bundle(files), PINS)

    assert problems == [
        "bundle: pyjwt==2.15.1 from the requirements is missing;"
        " Chalice could not install a Lambda-compatible wheel for it"
    ]


def test_pinned_requirements_normalizes_names():
    text = "# runtime\nPyJWT==2.15.1\naws-lambda-powertools==3.37.0  # logging\n-r other.txt\n"

    assert check_package.pinned_requirements(text) == {"pyjwt": "2.15.1", "aws_lambda_powertools": "3.37.0"}


def test_project_requirements_are_all_pinned():
    requirements = CHECK_PATH.parents[1] / "requirements.txt"
    lines = [line.split("#", 1)[0].strip() for line in requirements.read_text().splitlines()]

    unpinned = [line for line in lines if line and "==" not in line]

    assert unpinned == []


def test_clean_template_passes():
    assert check_package.template_problems(TEMPLATE) == []


def test_function_with_placeholder_role_fails():
    def use_placeholder(resources):
        resources["APIHandler"]["Properties"]["Role"] = "arn:aws:iam::000000000000:role/replaced-by-infra-resources-yaml"

    problems = check_package.template_problems(template_with(use_placeholder))

    assert problems == [
        "template: APIHandler runs as 'arn:aws:iam::000000000000:role/replaced-by-infra-resources-yaml', not FunctionRole",
        "template: the placeholder iam_role_arn of .chalice/config.json survived the merge",
    ]


def test_extra_iam_role_fails():
    def add_role(resources):
        resources["DefaultRole"] = {"Type": "AWS::IAM::Role"}

    problems = check_package.template_problems(template_with(add_role))

    assert problems == ["template: DefaultRole (AWS::IAM::Role) grants permissions outside FunctionRole"]


def test_function_with_own_policies_fails():
    def add_policies(resources):
        resources["APIHandler"]["Properties"]["Policies"] = ["AmazonDynamoDBFullAccess"]

    problems = check_package.template_problems(template_with(add_policies))

    assert problems == ["template: APIHandler has its own Policies; all permissions belong to FunctionRole"]


def test_function_missing_setting_fails():
    def drop_table(resources):
        del resources["APIHandler"]["Properties"]["Environment"]["Variables"]["REMI_TABLE_NAME"]

    problems = check_package.template_problems(template_with(drop_table))

    assert problems == ["template: APIHandler lacks the environment variable REMI_TABLE_NAME"]


def test_setting_from_sam_globals_counts():
    template = template_with(lambda resources: resources["APIHandler"]["Properties"].pop("Environment"))
    template["Globals"] = {"Function": {"Environment": {"Variables": ENVIRONMENT}}}

    assert check_package.template_problems(template) == []
