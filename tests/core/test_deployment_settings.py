"""Settings of a deployment on several machines (docs/deployment.md): connection pooling, uploaded
files on a shared volume or in S3-compatible storage, all switched by environment variables."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.core.files.storage import default_storage, storages
from django.db import connection

from tests.companies.test_import import MAPPING, make_rows, to_csv


def _settings_in_a_new_process(env: dict[str, str], expression: str):
    code = (
        "import json, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'verbund.settings');"
        f"django.setup(); from django.conf import settings; print(json.dumps({expression}, default=str))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_s3_storage_is_chosen_by_the_bucket_variable(tmp_path):
    backend = _settings_in_a_new_process(
        {"VERBUND_S3_BUCKET": "verbund-files", "VERBUND_S3_ENDPOINT_URL": "http://minio:9000",
         "VERBUND_DATA_DIR": str(tmp_path)},
        "settings.STORAGES['default']",
    )  # fmt: skip
    assert backend["BACKEND"] == "storages.backends.s3.S3Storage"
    assert backend["OPTIONS"]["bucket_name"] == "verbund-files"
    assert backend["OPTIONS"]["endpoint_url"] == "http://minio:9000"


def test_a_shared_media_volume_is_chosen_by_its_variable(tmp_path):
    media = _settings_in_a_new_process(
        {"VERBUND_MEDIA_DIR": str(tmp_path / "shared"), "VERBUND_DATA_DIR": str(tmp_path)},
        "str(settings.MEDIA_ROOT)",
    )
    assert media == str(tmp_path / "shared")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is psycopg's (PostgreSQL)")
def test_the_connection_pool_is_configured_and_answers(tmp_path):
    s = connection.settings_dict
    url = f"postgres://{s.get('USER') or 'postgres'}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/postgres"
    answer = _settings_in_a_new_process(  # connection.cursor() works in the new process
        {"DATABASE_URL": url, "VERBUND_DB_POOL": "1:3", "VERBUND_DATA_DIR": str(tmp_path)},
        "[settings.DATABASES['default']['OPTIONS']['pool'], settings.DATABASES['default']['CONN_MAX_AGE'],"
        " __import__('django.db').db.connection.cursor().execute('select 41 + 1').fetchone()[0]]",
    )
    assert answer == [{"min_size": 1, "max_size": 3}, 0, 42]


@pytest.mark.django_db
def test_uploads_go_through_the_configured_storage_not_the_data_folder(settings, tmp_path):
    """Every file is written and read through Django's storage API, so any backend of
    django-storages can hold them; here a file storage at another place stands in for it."""
    from verbund.companies.domain.imports import check_import, create_import_job, set_mapping
    from verbund.companies.enums import ImportStatus

    elsewhere = tmp_path / "bucket"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(elsewhere)},
        },
    }
    storages._storages.pop("default", None)
    try:
        name = f"firmen-{uuid.uuid4().hex}.csv"
        job = create_import_job(data=to_csv(make_rows(3)), file_name=name)
        assert default_storage.exists(job.file.name)
        assert (elsewhere / job.file.name).is_file()
        assert not (settings.MEDIA_ROOT / job.file.name).exists()
        set_mapping(job=job, mapping=MAPPING, options={"crs": "EPSG:4326"})
        check_import(job=job)
        assert job.status == ImportStatus.CHECKED, job.errors
    finally:
        storages._storages.pop("default", None)
