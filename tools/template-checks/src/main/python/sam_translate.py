"""Translates template.yaml to the CloudFormation that AWS would deploy, with the installed SAM translator.

usage: python3 sam_translate.py TEMPLATE [PARAMETERS_JSON]   (prints the CloudFormation JSON on stdout)
       python3 sam_translate.py TEMPLATE --serve   (one PARAMETERS_JSON a line on stdin, one answer a line on
                                                   stdout: {"template": ...} or {"error": "..."}; importing the
                                                   translator takes about a second, a translation a tenth of it)

What CloudFormation and `sam deploy` do before the SAM transform runs is done here the same way, in the
smallest form that covers this template:
  - `sam package` replaces each function's local CodeUri with the S3 location it uploaded the build to;
    here a fixed s3://the-eye-artifacts/<LogicalId>.zip, so only parameters change what is hashed.
  - The template declares the SAM transform and no other (template.yaml says why); any other is refused here,
    since this script would not apply it and the tests would check a template CloudFormation never sees.
The JUnit tests in tools/template-checks run this script (they are skipped when python3 or samtranslator
is missing), and so does `make check-permissions`, which holds the functions' recorded AWS calls against the
roles it produces (com.theeye.permissions.PermissionCheck).
"""

import json
import os
import sys

import yaml

os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")

from samtranslator.translator.transform import transform  # noqa: E402

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"


class CloudFormationLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (!Ref, !Sub, !GetAtt, ...) read as their long forms."""


def _short_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "Condition":
        return {"Condition": value}
    if suffix == "GetAtt" and isinstance(value, str):
        return {"Fn::GetAtt": value.split(".", 1)}
    return {"Fn::" + suffix: value}


CloudFormationLoader.add_multi_constructor("!", _short_tag)


class NoManagedPolicies:
    """The template names no AWS managed policy, so the translator never needs the account's list."""

    def load(self):
        return {}


def parameter_values(template, overrides):
    values = {name: str(p["Default"]) for name, p in template.get("Parameters", {}).items() if "Default" in p}
    values.update({name: str(value) for name, value in overrides.items()})
    unknown = set(overrides) - set(template.get("Parameters", {}))
    if unknown:
        raise SystemExit(f"unknown parameters: {sorted(unknown)}")
    return values


def package(template):
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://the-eye-artifacts/{logical_id}.zip"


def translate(path, overrides):
    """The CloudFormation for TEMPLATE with these parameter overrides; the template is read anew each time, since
    the transform changes what it is given."""
    with open(path, encoding="utf-8") as source:
        template = yaml.load(source, Loader=CloudFormationLoader)
    values = parameter_values(template, overrides)

    if template.get("Transform") != SAM_TRANSFORM:
        raise SystemExit(f"expected Transform: {SAM_TRANSFORM} alone, found {template.get('Transform')}")
    package(template)

    return transform(template, values, NoManagedPolicies())


def serve(path):
    for line in sys.stdin:
        try:
            answer = {"template": translate(path, json.loads(line))}
        except (Exception, SystemExit) as refused:  # noqa: BLE001 - every refusal is the caller's to report
            answer = {"error": f"{type(refused).__name__}: {refused}"}
        sys.stdout.write(json.dumps(answer, sort_keys=True) + "\n")
        sys.stdout.flush()


def main(argv):
    if len(argv) > 2 and argv[2] == "--serve":
        serve(argv[1])
        return
    translated = translate(argv[1], json.loads(argv[2]) if len(argv) > 2 else {})
    json.dump(translated, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
