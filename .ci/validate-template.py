#!/usr/bin/env python3
"""Validate template.yaml against the AWS SAM JSON schema, plus checks the schema cannot express.

Usage: python3 .ci/validate-template.py [--schema path/to/sam.schema.json] [path/to/template.yaml]

The template defaults to <repo>/template.yaml and the schema to <repo>/../shared/schemas/sam.schema.json,
where <repo> is the parent of this script's folder. The schema check runs when the schema file is
there and the jsonschema module is installed; otherwise it says that it was skipped and why, and the
extra checks below still run. Reading the template needs PyYAML (Debian: python3-yaml): without it
nothing can be checked, and the script says so and exits 2. Exits 0 and prints
"template.yaml: valid" when everything that ran passes; otherwise prints every problem with its path
and exits 1.

Extra checks (beyond the schema):
  - no policy grants dynamodb:* (or any "*" action) and no function uses DynamoDBCrudPolicy;
  - every AWS::Serverless::Function has an AWS::Logs::LogGroup named /aws/lambda/${ThatFunction}
    with RetentionInDays;
  - only TokenFunction's policies may mention the KEYS# partition-key prefix (private signing keys),
    and only WebhookFunction's the WEBHOOK# prefix (webhook signing secrets);
  - only PortalFunction may write (PutItem, UpdateItem, DeleteItem) the CLIENT# prefix
    (applications and their secrets): the device-approval path cannot make or change a client.
"""
import argparse
import json
import sys
from pathlib import Path

try:
    import yaml
except ImportError:  # reported in main(): nothing can be checked without it
    yaml = None
try:
    from jsonschema import Draft4Validator
except ImportError:  # only the schema check needs it; main() says it was skipped
    Draft4Validator = None

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = REPO_ROOT / "template.yaml"
SCHEMA = REPO_ROOT.parent / "shared" / "schemas" / "sam.schema.json"
KEYS_OWNER = "TokenFunction"
WEBHOOK_OWNER = "WebhookFunction"
CLIENT_WRITER = "PortalFunction"
WRITES = {"dynamodb:putitem", "dynamodb:updateitem", "dynamodb:deleteitem", "dynamodb:batchwriteitem"}


# --------------------------------------------------------------------------------------------
# YAML loading with the CloudFormation short-form tags
# --------------------------------------------------------------------------------------------
def _cfn_loader():
    """A safe loader that knows !Ref, !GetAtt, !Sub, ... and turns them into their long forms."""

    class CfnLoader(yaml.SafeLoader):
        pass

    def construct_any(node, loader):
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node, deep=True)
        return loader.construct_mapping(node, deep=True)

    def long_form(tag, key):
        def construct(loader, node):
            return {key: construct_any(node, loader)}

        CfnLoader.add_constructor(tag, construct)

    def ref(loader, node):
        return {"Ref": loader.construct_scalar(node)}

    def get_att(loader, node):
        value = construct_any(node, loader)
        if isinstance(value, str):
            # "Resource.Attribute" (the attribute itself may contain dots, e.g. Endpoint.Address)
            value = value.split(".", 1)
        return {"Fn::GetAtt": value}

    def condition(loader, node):
        return {"Condition": loader.construct_scalar(node)}

    CfnLoader.add_constructor("!Ref", ref)
    CfnLoader.add_constructor("!GetAtt", get_att)
    CfnLoader.add_constructor("!Condition", condition)
    for name in ("Sub", "If", "Equals", "Not", "Join", "Select", "Split", "FindInMap", "Base64",
                 "GetAZs", "ImportValue", "And", "Or", "Cidr", "Transform", "Length", "ToJsonString"):
        long_form("!" + name, "Fn::" + name)
    return CfnLoader


def load_template(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_cfn_loader())  # noqa: S506 - the loader is a SafeLoader


# --------------------------------------------------------------------------------------------
# Schema validation
# --------------------------------------------------------------------------------------------
def _path(parts):
    return "/".join(str(p) for p in parts) or "(root)"


def _type_of_branch(schema):
    """The resource Type a Resources/anyOf branch is for (its Type enum), if any."""
    type_schema = schema.get("properties", {}).get("Type", {})
    enum = type_schema.get("enum")
    return enum[0] if enum and len(enum) == 1 else None


def _local_ref(schema, node):
    """Follow a local "$ref": "#/definitions/..." (the only kind the SAM schema uses)."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target = schema
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def schema_errors(template, schema):
    """Every schema error as 'path: message', unfolding anyOf errors into the branch that applies."""
    validator = Draft4Validator(schema)
    messages = []

    def report(error):
        if error.validator in ("anyOf", "oneOf") and error.context:
            instance = error.instance
            wanted = instance.get("Type") if isinstance(instance, dict) else None
            # Group sub-errors by branch; prefer the branch whose Type matches this resource.
            by_branch = {}
            for sub in error.context:
                by_branch.setdefault(sub.schema_path[0], []).append(sub)
            branches = error.schema[error.validator]
            chosen = None
            if wanted:
                for index, branch in enumerate(branches):
                    resolved = _local_ref(schema, branch)
                    if _type_of_branch(resolved) == wanted:
                        chosen = index
                        break
            if chosen is not None:
                for sub in by_branch.get(chosen, []):
                    report(sub)
                if chosen not in by_branch:
                    # The matching branch accepted it; the failure must be elsewhere (should not happen).
                    messages.append(f"{_path(error.absolute_path)}: {error.message}")
                return
            known = sorted(filter(None, (_type_of_branch(_local_ref(schema, b)) for b in branches)))
            if wanted and known and isinstance(wanted, str) and wanted.startswith("AWS::Serverless::"):
                messages.append(f"{_path(error.absolute_path)}/Type: {wanted!r} is not a SAM resource type "
                                f"(one of {', '.join(known)})")
                return
            # No obvious branch: report the closest sub-errors (the deepest ones).
            deepest = max((len(s.absolute_path) for s in error.context), default=0)
            closest = [s for s in error.context if len(s.absolute_path) == deepest]
            messages.append(f"{_path(error.absolute_path)}: matches none of the allowed forms; closest problems:")
            seen = set()
            for sub in closest[:5]:
                line = f"  {_path(sub.absolute_path)}: {sub.message}"
                if line not in seen:
                    seen.add(line)
                    messages.append(line)
            return
        messages.append(f"{_path(error.absolute_path)}: {error.message}")

    for error in sorted(validator.iter_errors(template), key=lambda e: list(map(str, e.absolute_path))):
        report(error)
    return messages


# --------------------------------------------------------------------------------------------
# Checks the schema cannot express
# --------------------------------------------------------------------------------------------
def _walk(value):
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _function_policy_documents(name, properties):
    """(label, policy) for every entry of a function's Policies (a string, a document or a list)."""
    for index, policy in enumerate(_as_list(properties.get("Policies", []))):
        yield f"Resources/{name}/Properties/Policies/{index}", policy


def policy_errors(resources):
    messages = []
    policies = []
    for name, resource in resources.items():
        if not isinstance(resource, dict):
            continue
        properties = resource.get("Properties") or {}
        kind = resource.get("Type")
        if kind == "AWS::Serverless::Function":
            policies.extend((name, label, policy) for label, policy in _function_policy_documents(name, properties))
        elif kind == "AWS::IAM::Role":
            for index, policy in enumerate(properties.get("Policies", []) or []):
                policies.append((name, f"Resources/{name}/Properties/Policies/{index}", policy))
        elif kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            policies.append((name, f"Resources/{name}/Properties", properties))

    for owner, label, policy in policies:
        for node in _walk(policy):
            if isinstance(node, str) and "DynamoDBCrudPolicy" in node:
                messages.append(f"{label}: DynamoDBCrudPolicy is not allowed; list the exact actions")
            if isinstance(node, str) and node.startswith("KEYS#") and owner != KEYS_OWNER:
                messages.append(f"{label}: only {KEYS_OWNER} may touch private signing keys ({node!r})")
            if isinstance(node, str) and node.startswith("WEBHOOK#") and owner != WEBHOOK_OWNER:
                messages.append(f"{label}: only {WEBHOOK_OWNER} may read webhook secrets ({node!r})")
            if not isinstance(node, dict):
                continue
            actions = {a.strip().lower() for a in _as_list(node.get("Action", [])) if isinstance(a, str)}
            if owner != CLIENT_WRITER and actions & WRITES and any(
                    isinstance(k, str) and k.startswith("CLIENT#") for k in _walk(node.get("Condition", {}))):
                messages.append(f"{label}: only {CLIENT_WRITER} may write applications (CLIENT#)")
            if "DynamoDBCrudPolicy" in node:
                messages.append(f"{label}: DynamoDBCrudPolicy is not allowed; list the exact actions")
            for key in ("Action", "NotAction"):
                for action in _as_list(node.get(key, [])):
                    if not isinstance(action, str):
                        continue
                    if key == "NotAction":
                        messages.append(f"{label}: NotAction is not allowed; list the exact actions")
                    elif action.strip().lower() in ("*", "dynamodb:*") or (
                            action.lower().startswith("dynamodb:") and "*" in action):
                        messages.append(f"{label}: wildcard action {action!r} is not allowed; list the exact actions")
    return messages


def _log_group_target(name_value):
    """The function logical id a LogGroupName of the form !Sub /aws/lambda/${Function} names."""
    if isinstance(name_value, dict) and "Fn::Sub" in name_value:
        sub = name_value["Fn::Sub"]
        text = sub if isinstance(sub, str) else (sub[0] if sub and isinstance(sub[0], str) else None)
        if text and text.startswith("/aws/lambda/${") and text.endswith("}") and text.count("${") == 1:
            return text[len("/aws/lambda/${"):-1]
    if isinstance(name_value, dict) and "Fn::Join" in name_value:
        parts = name_value["Fn::Join"]
        if (isinstance(parts, list) and len(parts) == 2 and parts[0] == "" and isinstance(parts[1], list)
                and len(parts[1]) == 2 and parts[1][0] == "/aws/lambda/"
                and isinstance(parts[1][1], dict) and "Ref" in parts[1][1]):
            return parts[1][1]["Ref"]
    return None


def log_group_errors(resources):
    messages = []
    functions = [n for n, r in resources.items() if isinstance(r, dict) and r.get("Type") == "AWS::Serverless::Function"]
    covered = {}
    for name, resource in resources.items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::Logs::LogGroup":
            continue
        properties = resource.get("Properties") or {}
        target = _log_group_target(properties.get("LogGroupName"))
        if target:
            covered[target] = (name, properties)
    for function in functions:
        if function not in covered:
            messages.append(
                f"Resources/{function}: no AWS::Logs::LogGroup named !Sub /aws/lambda/${{{function}}}")
            continue
        log_group, properties = covered[function]
        if "RetentionInDays" not in properties:
            messages.append(f"Resources/{log_group}/Properties: RetentionInDays is required")
    return messages


# --------------------------------------------------------------------------------------------
def load_schema(path):
    """(schema, None) to validate against, or (None, why the schema check is skipped), or raises SystemExit."""
    if not path.is_file():
        return None, f"{path} not found (the schema comes from shared/schemas/ beside the repository)"
    if Draft4Validator is None:
        return None, "the jsonschema module is not installed (Debian: python3-jsonschema)"
    try:
        with open(path, encoding="utf-8") as handle:
            schema = json.load(handle)
        Draft4Validator.check_schema(schema)
    except (OSError, ValueError) as error:
        print(f"{path}: cannot load the schema: {error}", file=sys.stderr)
        raise SystemExit(1)
    except Exception as error:  # jsonschema.SchemaError
        print(f"{path}: not a valid Draft 4 schema: {error}", file=sys.stderr)
        raise SystemExit(1)
    return schema, None


def main(argv):
    parser = argparse.ArgumentParser(description="Validate template.yaml (SAM schema and cliauth's own checks).")
    parser.add_argument("--schema", type=Path, default=SCHEMA, help=f"SAM JSON schema (default: {SCHEMA})")
    parser.add_argument("template", nargs="?", type=Path, default=TEMPLATE, help="the template (default: %(default)s)")
    args = parser.parse_args(argv[1:])
    template_path = args.template.resolve()
    if yaml is None:
        print("validate-template: the PyYAML module is not installed (Debian: python3-yaml; .ci/run installs it), "
              "so template.yaml cannot be read: nothing was checked", file=sys.stderr)
        return 2
    if not template_path.is_file():
        print(f"{template_path}: not found", file=sys.stderr)
        return 1
    try:
        template = load_template(template_path)
    except yaml.YAMLError as error:
        print(f"{template_path.name}: not valid YAML: {error}", file=sys.stderr)
        return 1
    if not isinstance(template, dict):
        print(f"{template_path.name}: the top level must be a mapping", file=sys.stderr)
        return 1
    schema, skipped = load_schema(args.schema.resolve())
    if skipped:
        print(f"{template_path.name}: SAM schema check skipped: {skipped}")

    resources = template.get("Resources") if isinstance(template.get("Resources"), dict) else {}
    problems = (schema_errors(template, schema) if schema is not None else []) \
        + policy_errors(resources) + log_group_errors(resources)
    if problems:
        for line in problems:
            print(f"{template_path.name}: {line}" if not line.startswith("  ") else line)
        print(f"{template_path.name}: {sum(1 for p in problems if not p.startswith('  '))} problem(s)")
        return 1
    print(f"{template_path.name}: valid" + (" (cliauth's own checks; SAM schema check skipped)" if skipped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
