"""Static files as production collects them: hashed and compressed, every reference inside them kept, and the
vendored files exactly as published."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = ROOT / "static" / "vendor" / "bootstrap-5.3.9"
PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def production_static_root(settings, tmp_path, collected_static_files):
    """The files `collectstatic` makes with the production storage (already collected in the STATIC_MANIFEST=1
    pass); collectstatic raises MissingFileError if a CSS url() or a sourceMappingURL names a missing file."""
    if collected_static_files:
        return collected_static_files
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


def test_collectstatic_with_the_production_storage_keeps_the_source_maps(production_static_root):
    manifest = json.loads((production_static_root / "staticfiles.json").read_text())["paths"]
    for name, map_name in [
        ("vendor/bootstrap-5.3.9/bootstrap.min.css", "vendor/bootstrap-5.3.9/bootstrap.min.css.map"),
        ("vendor/bootstrap-5.3.9/bootstrap.bundle.min.js", "vendor/bootstrap-5.3.9/bootstrap.bundle.min.js.map"),
    ]:
        hashed = production_static_root / manifest[name]
        assert re.search(r"\.[0-9a-f]{12}\.", hashed.name), hashed.name
        assert Path(manifest[map_name]).name in hashed.read_text().splitlines()[-1], "sourceMappingURL not rewritten"
        assert (production_static_root / manifest[map_name]).is_file()
        for compressed in (".gz", ".br"):
            assert hashed.with_name(hashed.name + compressed).is_file()


def test_vendored_bootstrap_is_the_published_package_byte_for_byte():
    """The folder's README names each file's source and checksum; the folder holds exactly those files."""
    table_row = re.compile(r"^\| `([^`]+)` \| [^|]+ \| `([0-9a-f]{64})` \|$", re.M)
    listed = dict(table_row.findall((BOOTSTRAP / "README.md").read_text()))
    shipped = {path.name for path in BOOTSTRAP.iterdir()} - {"README.md"}
    assert set(listed) == shipped
    for name, sha256 in listed.items():
        assert hashlib.sha256((BOOTSTRAP / name).read_bytes()).hexdigest() == sha256, name
