"""The OpenAPI document describes exactly the routes the app serves."""

from openapi.load import load_document


def _app_routes() -> set[tuple[str, str]]:
    import app as remi_app

    return {
        (path, method.lower())
        for path, methods in remi_app.app.routes.items()
        for method in methods
    }


def _documented_routes() -> set[tuple[str, str]]:
    document = load_document()
    return {
        (path, method)
        for path, operations in document["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_route_is_documented():
    assert _app_routes() - _documented_routes() == set()


def test_every_documented_route_exists():
    assert _documented_routes() - _app_routes() == set()


def test_document_is_openapi_3_1():
    assert load_document()["openapi"].startswith("3.1")


def test_operation_ids_are_unique():
    operation_ids = [
        operation["operationId"]
        for operations in load_document()["paths"].values()
        for method, operation in operations.items()
        if isinstance(operation, dict) and "operationId" in operation
    ]
    assert len(operation_ids) == len(set(operation_ids))


def test_document_is_valid_openapi():
    from openapi_spec_validator import validate

    validate(load_document())


def _property_names(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                yield from value
            yield from _property_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _property_names(value)


def test_property_names_have_no_spaces():
    # An unquoted comma inside a YAML flow mapping turns the rest of a description into a key.
    assert [name for name in _property_names(load_document()) if " " in name] == []
