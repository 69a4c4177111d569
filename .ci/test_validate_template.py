#!/usr/bin/env python3
"""Tests of .ci/validate-template.py: it runs on a clone with nothing beside it, skipping only the
SAM schema check (and saying so) when the schema or the jsonschema module is missing, while
cliauth's own checks still refuse a bad template.

Run: python3 -m unittest discover -s .ci -p 'test_*.py'   (.ci/run does)
"""
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

CI = Path(__file__).resolve().parent
SCRIPT = CI / "validate-template.py"
TEMPLATE = CI.parent / "template.yaml"
SHARED_SCHEMA = CI.parent.parent / "shared" / "schemas" / "sam.schema.json"


def _module_installed(name):
    return subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True).returncode == 0


class ValidateTemplateTest(unittest.TestCase):

    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.dir = Path(self._dir.name)
        self.absent_schema = self.dir / "no-such" / "sam.schema.json"

    def tearDown(self):
        self._dir.cleanup()

    def run_script(self, *args, hidden_module=None):
        env = dict(os.environ)
        if hidden_module:
            # A package of that name that fails to import, found before the installed one.
            fake = self.dir / "hidden" / hidden_module
            fake.mkdir(parents=True)
            (fake / "__init__.py").write_text(f"raise ImportError('{hidden_module} hidden by the test')\n")
            env["PYTHONPATH"] = str(self.dir / "hidden")
        return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                              env=env, timeout=120)

    def template_with(self, old, new):
        text = TEMPLATE.read_text(encoding="utf-8")
        self.assertIn(old, text)
        path = self.dir / "template.yaml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    def test_without_schema_passes_saying_the_schema_check_was_skipped(self):
        result = self.run_script("--schema", self.absent_schema)

        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("SAM schema check skipped: " + str(self.absent_schema) + " not found", result.stdout)
        self.assertIn("template.yaml: valid (cliauth's own checks; SAM schema check skipped)", result.stdout)

    def test_without_schema_still_refuses_a_wildcard_dynamodb_action(self):
        path = self.template_with("- dynamodb:GetItem", "- dynamodb:*")

        result = self.run_script("--schema", self.absent_schema, path)

        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("wildcard action 'dynamodb:*' is not allowed", result.stdout)

    def test_without_schema_still_refuses_the_crud_policy(self):
        path = self.template_with("      Policies:\n", "      Policies:\n        - DynamoDBCrudPolicy:\n"
                                                        "            TableName: !Ref Table\n")

        result = self.run_script("--schema", self.absent_schema, path)

        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("DynamoDBCrudPolicy is not allowed", result.stdout)

    def test_without_schema_still_requires_each_function_log_group(self):
        path = self.template_with("LogGroupName: !Sub /aws/lambda/${DeviceAuthorizationFunction}",
                                  "LogGroupName: /aws/lambda/somewhere-else")

        result = self.run_script("--schema", self.absent_schema, path)

        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("Resources/DeviceAuthorizationFunction: no AWS::Logs::LogGroup", result.stdout)

    def test_without_schema_still_keeps_signing_keys_to_the_token_function(self):
        path = self.template_with("                    - 'CLIENT#*'\n", "                    - 'CLIENT#*'\n"
                                                                         "                    - 'KEYS#*'\n")

        result = self.run_script("--schema", self.absent_schema, path)

        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("only TokenFunction may touch private signing keys", result.stdout)

    def test_without_schema_still_keeps_client_writes_to_the_portal_function(self):
        path = self.template_with("                    - 'GRANT#*'\n                    - 'RATE#*'\n",
                                  "                    - 'GRANT#*'\n                    - 'RATE#*'\n"
                                  "                    - 'CLIENT#*'\n")

        result = self.run_script("--schema", self.absent_schema, path)

        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("only PortalFunction may write applications (CLIENT#)", result.stdout)

    def test_without_jsonschema_module_passes_saying_the_schema_check_was_skipped(self):
        schema = self.dir / "schema.json"
        schema.write_text("{}", encoding="utf-8")

        result = self.run_script("--schema", schema, hidden_module="jsonschema")

        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("SAM schema check skipped: the jsonschema module is not installed", result.stdout)
        self.assertNotIn("Traceback", result.stderr)

    def test_without_yaml_module_says_nothing_was_checked_instead_of_crashing(self):
        result = self.run_script("--schema", self.absent_schema, hidden_module="yaml")

        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        self.assertIn("PyYAML module is not installed (Debian: python3-yaml", result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    @unittest.skipUnless(SHARED_SCHEMA.is_file(), f"{SHARED_SCHEMA} is not beside the repository")
    @unittest.skipUnless(_module_installed("jsonschema"), "the jsonschema module is not installed")
    def test_with_schema_the_template_is_valid(self):
        result = self.run_script()

        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout.strip(), "template.yaml: valid")

    @unittest.skipUnless(SHARED_SCHEMA.is_file(), f"{SHARED_SCHEMA} is not beside the repository")
    @unittest.skipUnless(_module_installed("jsonschema"), "the jsonschema module is not installed")
    def test_with_schema_a_misspelt_property_is_refused(self):
        path = self.template_with("      Handler: dev.cliauth.lambda.TokenHandler::handleRequest",
                                  "      Handlr: dev.cliauth.lambda.TokenHandler::handleRequest")

        result = self.run_script(path)

        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("Handlr", result.stdout)


if __name__ == "__main__":
    unittest.main()
