"""The permissions in infra/resources.yaml: least privilege for the functions, read from the template.

Identity policies (the role's inline policies and SigningKeyAccess) must name the table,
its indexes and the signing key exactly. Key policies are resource policies, where
Resource "*" means the key itself, so they are checked by principal and action instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from chalice.package import YAMLTemplateSerializer

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "infra" / "resources.yaml"
TEMPLATE: dict[str, Any] = YAMLTemplateSerializer().load_template(TEMPLATE_PATH.read_text())
RESOURCES: dict[str, Any] = TEMPLATE["Resources"]

TABLE_ACTIONS = {
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:Query",
}
SIGNING_ACTIONS = {"kms:Sign", "kms:GetPublicKey"}
SIGNING_KEYS = ("SigningKeyBlue", "SigningKeyGreen")
FUNCTIONS = ("APIHandler", "ExpirySweep")
TABLE_IN_USE = {"Fn::If": ["UseRestoredTable", {"Ref": "RestoredTableName"}, {"Ref": "RemiTable"}]}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def identity_statements() -> list[dict[str, Any]]:
    """Every statement of the policies attached to the functions' role."""
    statements = []
    for policy in RESOURCES["FunctionRole"]["Properties"]["Policies"]:
        statements += policy["PolicyDocument"]["Statement"]
    statements += RESOURCES["SigningKeyAccess"]["Properties"]["PolicyDocument"]["Statement"]
    return statements


def statement(sid: str) -> dict[str, Any]:
    matches = [item for item in identity_statements() if item.get("Sid") == sid]
    assert len(matches) == 1, f"expected one statement {sid}"
    return matches[0]


def actions_of(item: dict[str, Any]) -> set[str]:
    return set(as_list(item["Action"]))


def index_name_of(resource: dict[str, Any]) -> str:
    """The index name at the end of an `arn:...:table/${Table}/index/<name>` Fn::Sub."""
    pattern, _ = resource["Fn::Sub"]
    match = re.search(r"/index/([^/]+)$", pattern)
    assert match, f"not an index ARN: {pattern}"
    return match.group(1)


def test_identity_policies_name_exact_resources():
    wildcards = [
        item.get("Sid")
        for item in identity_statements()
        if any(action.startswith(("dynamodb:", "kms:")) for action in actions_of(item))
        and "*" in json.dumps(item["Resource"])
    ]

    assert wildcards == []


def test_identity_policies_grant_no_scan():
    granted = set().union(*(actions_of(item) for item in identity_statements()))

    assert "dynamodb:Scan" not in granted


def test_identity_policies_grant_no_wildcard_action():
    wildcards = [action for item in identity_statements() for action in actions_of(item) if "*" in action]

    assert wildcards == []


def test_identity_policies_only_allow():
    effects = {item["Effect"] for item in identity_statements()}

    assert effects == {"Allow"}


def test_table_statement_grants_item_actions_used_by_pynamodb():
    assert actions_of(statement("Items")) == TABLE_ACTIONS


def test_table_statement_targets_table_in_use():
    resources = as_list(statement("Items")["Resource"])

    assert [resource["Fn::Sub"][1]["Table"] for resource in resources] == [TABLE_IN_USE]


def test_index_statement_grants_only_query():
    assert actions_of(statement("IndexQueries")) == {"dynamodb:Query"}


def test_index_statement_covers_every_table_index():
    granted = {index_name_of(resource) for resource in as_list(statement("IndexQueries")["Resource"])}
    defined = {index["IndexName"] for index in RESOURCES["RemiTable"]["Properties"]["GlobalSecondaryIndexes"]}

    assert granted == defined


def test_index_statement_targets_table_in_use():
    tables = [resource["Fn::Sub"][1]["Table"] for resource in as_list(statement("IndexQueries")["Resource"])]

    assert all(table == TABLE_IN_USE for table in tables)


def test_logs_statement_targets_own_log_groups():
    resources = as_list(statement("OwnLogGroups")["Resource"])

    assert resources == [
        {"Fn::GetAtt": ["ApiHandlerLogGroup", "Arn"]},
        {"Fn::GetAtt": ["ExpirySweepLogGroup", "Arn"]},
    ]


def test_logs_statement_cannot_create_log_groups():
    assert actions_of(statement("OwnLogGroups")) == {"logs:CreateLogStream", "logs:PutLogEvents"}


def test_signing_statement_grants_sign_and_public_key():
    assert actions_of(statement("SignVendorTokens")) == SIGNING_ACTIONS


def test_signing_statement_targets_active_key():
    assert statement("SignVendorTokens")["Resource"] == {
        "Fn::If": [
            "SigningKeyBlueActive",
            {"Fn::GetAtt": ["SigningKeyBlue", "Arn"]},
            {"Fn::GetAtt": ["SigningKeyGreen", "Arn"]},
        ]
    }


def test_signing_statement_belongs_to_function_role():
    assert RESOURCES["SigningKeyAccess"]["Properties"]["RoleName"] == {"Ref": "FunctionRole"}


def test_role_trusts_only_lambda():
    principals = [item["Principal"] for item in RESOURCES["FunctionRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"]]

    assert principals == [{"Service": "lambda.amazonaws.com"}]


def test_role_has_no_managed_policies():
    assert "ManagedPolicyArns" not in RESOURCES["FunctionRole"]["Properties"]


@pytest.mark.parametrize("key", SIGNING_KEYS)
def test_signing_key_is_p256_for_es256(key):
    assert RESOURCES[key]["Properties"]["KeySpec"] == "ECC_NIST_P256"


@pytest.mark.parametrize("key", SIGNING_KEYS)
def test_signing_key_only_signs(key):
    assert RESOURCES[key]["Properties"]["KeyUsage"] == "SIGN_VERIFY"


@pytest.mark.parametrize("key", SIGNING_KEYS)
def test_key_policy_lets_function_role_only_sign(key):
    statements = RESOURCES[key]["Properties"]["KeyPolicy"]["Statement"]

    granted = [
        set(as_list(item["Action"]))
        for item in statements
        if item["Principal"] == {"AWS": {"Fn::GetAtt": ["FunctionRole", "Arn"]}}
    ]

    assert granted == [SIGNING_ACTIONS]


@pytest.mark.parametrize("key", SIGNING_KEYS)
def test_key_policy_lets_account_administer(key):
    statements = RESOURCES[key]["Properties"]["KeyPolicy"]["Statement"]

    principals = [item["Principal"] for item in statements if item["Action"] == "kms:*"]

    assert principals == [{"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}]


@pytest.mark.parametrize("key", SIGNING_KEYS)
def test_signing_key_survives_stack_changes(key):
    policies = (RESOURCES[key]["DeletionPolicy"], RESOURCES[key]["UpdateReplacePolicy"])

    assert policies == ("Retain", "Retain")


@pytest.mark.parametrize("function", FUNCTIONS)
def test_function_runs_as_function_role(function):
    assert RESOURCES[function]["Properties"]["Role"] == {"Fn::GetAtt": ["FunctionRole", "Arn"]}


@pytest.mark.parametrize("function", FUNCTIONS)
def test_function_waits_for_signing_key_access(function):
    assert "SigningKeyAccess" in RESOURCES[function]["DependsOn"]


def test_table_survives_stack_changes():
    policies = (RESOURCES["RemiTable"]["DeletionPolicy"], RESOURCES["RemiTable"]["UpdateReplacePolicy"])

    assert policies == ("Retain", "Retain")


def test_table_has_deletion_protection():
    assert RESOURCES["RemiTable"]["Properties"]["DeletionProtectionEnabled"] is True


def test_table_has_point_in_time_recovery():
    recovery = RESOURCES["RemiTable"]["Properties"]["PointInTimeRecoverySpecification"]

    assert recovery["PointInTimeRecoveryEnabled"] is True


def test_table_is_encrypted_with_kms():
    encryption = RESOURCES["RemiTable"]["Properties"]["SSESpecification"]

    assert (encryption["SSEEnabled"], encryption["SSEType"]) == (True, "KMS")


def test_table_bills_per_request():
    assert RESOURCES["RemiTable"]["Properties"]["BillingMode"] == "PAY_PER_REQUEST"
