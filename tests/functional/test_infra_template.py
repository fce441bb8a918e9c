"""infra/resources.yaml against the pynamodb models: the deployed table must be the table the models use.

The table, signing keys and role are deployed from the template into moto's CloudFormation,
the models are bound to the table the stack created, and every item kind and every index
is written and read there. moto ignores TimeToLiveSpecification, so the TTL attribute and
the key definitions are also compared by reading the template itself.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import boto3
import pytest
from chalice.package import YAMLTemplateSerializer
from moto import mock_aws
from pynamodb.attributes import (
    Attribute,
    BooleanAttribute,
    DiscriminatorAttribute,
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)

from chalicelib.settings import get_settings, reset_settings
from chalicelib.store import connection
from chalicelib.store.models import DateAttribute, RemiItem

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "infra" / "resources.yaml"
STACK_NAME = "remi-access-infra-test"
REGION = "eu-west-1"

# The template's resources that moto 5.2.5's CloudFormation can create. It has no
# AWS::IAM::RolePolicy (SigningKeyAccess), and the functions and the API only exist once
# Chalice's template is merged in.
MOTO_RESOURCES = (
    "RemiTable",
    "SigningKeyBlue",
    "SigningKeyGreen",
    "SigningKeyAlias",
    "FunctionRole",
    "ApiHandlerLogGroup",
    "ExpirySweepLogGroup",
)

SAMPLE_INSTANT = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def load_template() -> dict[str, Any]:
    """Read the template with the loader `chalice package --merge-template` uses."""
    return YAMLTemplateSerializer().load_template(TEMPLATE_PATH.read_text())


def table_properties() -> dict[str, Any]:
    return load_template()["Resources"]["RemiTable"]["Properties"]


def moto_template() -> dict[str, Any]:
    template = load_template()
    resources = {name: copy.deepcopy(template["Resources"][name]) for name in MOTO_RESOURCES}
    # moto 5.2.5 reads CloudFormation tags of a KMS key in the KMS API's TagKey/TagValue
    # form and fails on CloudFormation's Key/Value, so the keys go in without tags.
    for name in ("SigningKeyBlue", "SigningKeyGreen"):
        resources[name]["Properties"].pop("Tags", None)
    return {
        "AWSTemplateFormatVersion": template["AWSTemplateFormatVersion"],
        "Parameters": template["Parameters"],
        "Conditions": template["Conditions"],
        "Resources": resources,
    }


def all_item_kinds() -> list[type[RemiItem]]:
    """Every model class registered under a `kind` value, including any missing from ALL_MODELS."""
    discriminator = RemiItem._get_discriminator_attribute()
    assert discriminator is not None
    return sorted(discriminator.get_registered_subclasses(RemiItem), key=lambda model: model.__name__)


def sample_value(name: str, attribute: Attribute) -> Any:
    """Return a value of the attribute's type, the same for the same name."""
    if isinstance(attribute, (TTLAttribute, UTCDateTimeAttribute)):
        return SAMPLE_INSTANT
    if isinstance(attribute, DateAttribute):
        return date(2030, 1, 2)
    if isinstance(attribute, UnicodeAttribute):
        return f"{name}-sample"
    if isinstance(attribute, BooleanAttribute):
        return True
    if isinstance(attribute, NumberAttribute):
        return 7
    if isinstance(attribute, JSONAttribute):
        return {"sample": [1, "two"]}
    if isinstance(attribute, ListAttribute):
        element = attribute.element_type
        if element is None or issubclass(element, UnicodeAttribute):
            return [f"{name}-first", f"{name}-second"]
    raise AssertionError(f"add a sample value for {name} ({type(attribute).__name__}) to this test")


def sample_item(model: type[RemiItem]) -> tuple[RemiItem, dict[str, Any]]:
    """Build an item of `model` with every attribute set, index keys included."""
    values: dict[str, Any] = {}
    for name, attribute in model.get_attributes().items():
        if name in {"pk", "sk"} or isinstance(attribute, (DiscriminatorAttribute, VersionAttribute)):
            continue
        values[name] = sample_value(name, attribute)
    item = model(f"INFRA#{model.__name__}", "ITEM", **values)
    return item, values


@pytest.fixture(scope="module")
def stack() -> Iterator[dict[str, str]]:
    """The template's deployable part as a moto stack, with the models bound to its table.

    One stack serves the whole module: creating it loads several botocore service models,
    which takes seconds. Tests write items under their own keys, and saving an item twice
    leaves the table as it was.
    """
    with mock_aws():
        reset_settings()
        connection.unbind()
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudformation.create_stack(
            StackName=STACK_NAME,
            TemplateBody=json.dumps(moto_template()),
            Parameters=[{"ParameterKey": "FasClientId", "ParameterValue": "remi-access-infra-test"}],
        )
        described = cloudformation.describe_stack_resources(StackName=STACK_NAME)["StackResources"]
        # moto lists a resource whose condition is false without a logical id; skip it.
        physical = {
            resource["LogicalResourceId"]: resource["PhysicalResourceId"]
            for resource in described
            if "LogicalResourceId" in resource
        }
        connection.bind(replace(get_settings(), table_name=physical["RemiTable"]))
        yield physical
        connection.unbind()
        reset_settings()


@pytest.fixture
def described_table(stack) -> dict[str, Any]:
    return boto3.client("dynamodb", region_name=REGION).describe_table(TableName=stack["RemiTable"])["Table"]


def normalized_indexes(indexes: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    """Map index name to (sorted key schema, projection type), whatever the key spelling."""
    normalized = {}
    for index in indexes:
        name = index.get("IndexName", index.get("index_name"))
        key_schema = index.get("KeySchema", index.get("key_schema"))
        projection = index.get("Projection", index.get("projection"))
        keys = tuple(sorted((key["AttributeName"], key["KeyType"]) for key in key_schema))
        normalized[name] = (keys, projection["ProjectionType"])
    return normalized


def test_template_ttl_attribute_is_models_ttl_attribute():
    model_ttl = [name for name, attribute in RemiItem.get_attributes().items() if isinstance(attribute, TTLAttribute)]

    assert [table_properties()["TimeToLiveSpecification"]["AttributeName"]] == model_ttl


def test_template_enables_ttl():
    assert table_properties()["TimeToLiveSpecification"]["Enabled"] is True


def test_template_key_schema_matches_models():
    template_keys = {(key["AttributeName"], key["KeyType"]) for key in table_properties()["KeySchema"]}
    model_keys = {(key["AttributeName"], key["KeyType"]) for key in RemiItem._get_schema()["key_schema"]}

    assert template_keys == model_keys


def test_template_attribute_definitions_match_models():
    template_definitions = {
        (definition["AttributeName"], definition["AttributeType"])
        for definition in table_properties()["AttributeDefinitions"]
    }
    model_definitions = {
        (definition["AttributeName"], definition["AttributeType"])
        for definition in RemiItem._get_schema()["attribute_definitions"]
    }

    assert template_definitions == model_definitions


def test_template_indexes_match_models():
    template_indexes = normalized_indexes(table_properties()["GlobalSecondaryIndexes"])
    model_indexes = normalized_indexes(RemiItem._get_schema()["global_secondary_indexes"])

    assert template_indexes == model_indexes


def test_template_local_indexes_match_models():
    assert table_properties().get("LocalSecondaryIndexes", []) == RemiItem._get_schema()["local_secondary_indexes"]


def test_stack_creates_table_named_after_stack(stack):
    assert stack["RemiTable"] == STACK_NAME


def test_stack_table_key_schema_matches_models(described_table):
    stack_keys = {(key["AttributeName"], key["KeyType"]) for key in described_table["KeySchema"]}
    model_keys = {(key["AttributeName"], key["KeyType"]) for key in RemiItem._get_schema()["key_schema"]}

    assert stack_keys == model_keys


def test_stack_table_indexes_match_models(described_table):
    stack_indexes = normalized_indexes(described_table["GlobalSecondaryIndexes"])
    model_indexes = normalized_indexes(RemiItem._get_schema()["global_secondary_indexes"])

    assert stack_indexes == model_indexes


def test_stack_table_bills_per_request(described_table):
    assert described_table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_stack_table_has_deletion_protection(described_table):
    assert described_table["DeletionProtectionEnabled"] is True


@pytest.mark.parametrize("model", all_item_kinds(), ids=lambda model: model.__name__)
def test_item_kind_round_trips_through_stack_table(stack, model):
    item, values = sample_item(model)
    item.save()

    loaded = RemiItem.get(item.pk, item.sk, consistent_read=True)

    assert type(loaded) is model
    assert {name: getattr(loaded, name) for name in values} == values


@pytest.mark.parametrize("index_name", sorted(RemiItem._indexes), ids=str)
def test_index_query_finds_every_item_kind(stack, index_name):
    kinds = all_item_kinds()
    for model in kinds:
        sample_item(model)[0].save()
    index = RemiItem._indexes[index_name]
    hash_key = index._hash_key_attribute()

    found = list(index.query(sample_value(hash_key.attr_name, hash_key)))

    assert sorted(type(item).__name__ for item in found) == [model.__name__ for model in kinds]


def test_stack_alias_points_at_active_signing_key(stack):
    # describe_key fails in moto 5.2.5 on a key whose policy came from CloudFormation.
    aliases = boto3.client("kms", region_name=REGION).list_aliases()["Aliases"]

    targets = [alias.get("TargetKeyId") for alias in aliases if alias["AliasName"] == stack["SigningKeyAlias"]]

    assert targets == [stack["SigningKeyBlue"]]


def test_stack_creates_only_the_active_signing_key(stack):
    assert "SigningKeyGreen" not in stack
