#!/usr/bin/env python3
"""Fills fuzz/corpus/<target>/ with seed inputs for the fuzz targets.

- manifest_yaml: every YAML file of tests/data, whole and one document at a time, and the
  hand-written seeds of fuzz/seeds/manifest and fuzz/seeds/check; the inputs fuzzing found
  (tests/data/fuzz) go to every manifest target as they are;
- manifest_json: the same documents as JSON (compact, pretty, as one stream and as a `List`),
  and the hand-written JSON seeds;
- check: everything of the two above;
- compose: the route specs of fuzz/seeds/compose.

Files are named by the SHA-1 of their content, so running this again adds nothing twice and
never removes what the fuzzer found. Inputs over MAX_LEN bytes, which the fuzzer would not
run, are skipped. Turning YAML into JSON needs PyYAML or `yq`; without either, the JSON
target gets only the hand-written seeds.
"""

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
MAX_LEN = 65536
TARGETS = ["manifest_json", "manifest_yaml", "check", "compose"]


def add(target, data):
    """Adds one input to a target's corpus; returns whether it was new."""
    if isinstance(data, str):
        data = data.encode()
    if not data or len(data) > MAX_LEN:
        return False
    path = FUZZ / "corpus" / target / hashlib.sha1(data).hexdigest()
    if path.exists():
        return False
    path.write_bytes(data)
    return True


def documents(text):
    """The documents of a YAML stream, split at `---` lines as the library splits them."""
    parts = re.split(r"(?m)^---(?=[ \t\r\n]|$)", text)
    return [part for part in parts if part.strip()]


def yaml_loader():
    """A function reading every document of a YAML text as JSON values, or None."""
    try:
        import yaml  # PyYAML

        def load(text):
            return [doc for doc in yaml.safe_load_all(text) if doc is not None]

        return load
    except ImportError:
        pass
    yq = shutil.which("yq")
    if yq:

        def load(text):
            out = subprocess.run(
                [yq, "-o=json", "-I=0", "."],
                input=text.encode(),
                capture_output=True,
                check=True,
            )
            return [json.loads(line) for line in out.stdout.decode().splitlines() if line]

        return load
    return None


def main():
    for target in TARGETS:
        (FUZZ / "corpus" / target).mkdir(parents=True, exist_ok=True)
    added = {target: 0 for target in TARGETS}

    def seed(targets, data):
        for target in targets:
            added[target] += add(target, data)

    # The inputs fuzzing found (tests/data/fuzz) are seeds of every manifest target as they are.
    found = sorted((ROOT / "tests" / "data" / "fuzz").glob("*"))
    for path in found:
        seed(["manifest_json", "manifest_yaml", "check"], path.read_bytes())
    yaml_files = [p for p in sorted((ROOT / "tests" / "data").rglob("*.yaml")) if p not in found]
    yaml_files += sorted((FUZZ / "seeds" / "manifest").glob("*.yaml"))
    yaml_files += sorted((FUZZ / "seeds" / "check").glob("*.yaml"))
    load = yaml_loader()
    if load is None:
        print("seed.py: neither PyYAML nor yq found; no JSON seeds from YAML", file=sys.stderr)
    for path in yaml_files:
        text = path.read_bytes().decode("utf-8", "replace")
        seed(["manifest_yaml", "check"], text)
        for doc in documents(text):
            seed(["manifest_yaml", "check"], doc)
        if load is None:
            continue
        try:
            values = load(text)
        except Exception:  # a seed written to break YAML readers
            print(f"seed.py: no JSON seeds from {path.name}: it does not read", file=sys.stderr)
            continue
        dump = lambda value, **kw: json.dumps(value, default=str, ensure_ascii=False, **kw)
        for value in values:
            seed(["manifest_json", "check"], dump(value))
            seed(["manifest_json", "check"], dump(value, indent=2))
        seed(["manifest_json", "check"], "\n".join(dump(v, indent=1) for v in values))
        items = [v for v in values if isinstance(v, dict)]
        as_list = {"apiVersion": "v1", "kind": "List", "items": items}
        seed(["manifest_json", "check"], dump(as_list, indent=2))

    for path in sorted((FUZZ / "seeds" / "manifest").glob("*.json")):
        seed(["manifest_json", "check"], path.read_bytes())
    for path in sorted((FUZZ / "seeds" / "compose").iterdir()):
        seed(["compose"], path.read_bytes())

    for target in TARGETS:
        total = len(list((FUZZ / "corpus" / target).iterdir()))
        print(f"{target}: {added[target]} seeds added, {total} inputs in corpus/{target}")


if __name__ == "__main__":
    main()
