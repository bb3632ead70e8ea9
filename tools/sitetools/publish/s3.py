"""S3 and CloudFront through boto3: the only module that imports boto3 or botocore.

Endpoint, region and credentials come from the standard AWS variables and
profiles (``AWS_ENDPOINT_URL`` for an S3-compatible service). This module moves
bytes and headers; it does not decide what to upload.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from sitetools.publish.cdn import SiteFile
from sitetools.publish.targets import Fetched, S3Target, TargetError

# The content hash is kept in object metadata: an ETag is not an MD5 for
# multipart uploads, and a build's files all have new modification times.
HASH_METADATA = "sha256"
# Checksums only when S3 requires them: several S3-compatible services reject
# the default CRC trailers that botocore has sent since 1.36.
_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 5},
    request_checksum_calculation="when_required",
    response_checksum_validation="when_required",
)


class S3Store:
    """A bucket (and prefix) as a publish target; keys are paths in the site."""

    def __init__(self, target: S3Target, *, client: Any = None) -> None:
        self.target = target
        self.client = client or boto3.session.Session().client("s3", config=_CONFIG)

    def list_hashes(self) -> dict[str, str | None]:
        """Map each site path under the prefix to its stored hash, or ``None``."""
        hashes: dict[str, str | None] = {}
        with self._errors("list"):
            self.client.head_bucket(Bucket=self.target.bucket)
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.target.bucket, Prefix=self._key("")
            )
            for page in pages:
                for entry in page.get("Contents", []):
                    head = self.client.head_object(
                        Bucket=self.target.bucket, Key=entry["Key"]
                    )
                    key = entry["Key"][len(self._key("")) :]
                    hashes[key] = head.get("Metadata", {}).get(HASH_METADATA)
        return hashes

    def put(self, item: SiteFile) -> None:
        """Upload one file with its headers and content hash."""
        extra = (
            {"ContentEncoding": item.content_encoding} if item.content_encoding else {}
        )
        with self._errors(f"upload {item.key}"):
            self.client.put_object(
                Bucket=self.target.bucket,
                Key=self._key(item.key),
                Body=item.path.read_bytes(),
                ContentType=item.content_type,
                CacheControl=item.cache_control,
                Metadata={HASH_METADATA: item.sha256},
                **extra,
            )

    def delete(self, keys: Sequence[str]) -> None:
        """Delete objects, a thousand per request (the API's limit)."""
        for start in range(0, len(keys), 1000):
            batch = [{"Key": self._key(key)} for key in keys[start : start + 1000]]
            with self._errors("delete"):
                response = self.client.delete_objects(
                    Bucket=self.target.bucket, Delete={"Objects": batch, "Quiet": True}
                )
            if response.get("Errors"):
                first = response["Errors"][0]
                raise TargetError(
                    f"{self.target}/{first['Key']}: delete failed: {first['Code']}"
                )

    def fetch(self, key: str) -> Fetched:
        """GET an object back, with the content type S3 serves it with."""
        with self._errors(f"read back {key}"):
            response = self.client.get_object(
                Bucket=self.target.bucket, Key=self._key(key)
            )
            body = response["Body"].read()
        return Fetched(key=key, body=body, content_type=response.get("ContentType"))

    def _key(self, key: str) -> str:
        return f"{self.target.prefix}/{key}" if self.target.prefix else key

    def _errors(self, action: str) -> _Translate:
        return _Translate(f"{self.target}: {action}")


def invalidate(
    distribution_id: str, paths: Sequence[str], *, client: Any = None
) -> str:
    """Ask CloudFront to drop ``paths`` from its caches; return the invalidation id."""
    client = client or boto3.session.Session().client("cloudfront", config=_CONFIG)
    with _Translate(f"cloudfront {distribution_id}: invalidate"):
        response = client.create_invalidation(
            DistributionId=distribution_id,
            InvalidationBatch={
                "Paths": {"Quantity": len(paths), "Items": list(paths)},
                "CallerReference": f"sitetools-publish-{time.time_ns()}",
            },
        )
    return response["Invalidation"]["Id"]


class _Translate:
    """Turn botocore's errors into a :class:`TargetError` that says what failed."""

    def __init__(self, where: str) -> None:
        self.where = where

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: object, error: BaseException | None, trace: object
    ) -> None:
        if isinstance(error, ClientError):
            details = error.response.get("Error", {})
            code = details.get("Code", "error")
            message = details.get("Message", "")
            raise TargetError(
                f"{self.where} failed: {code} {message}".rstrip()
            ) from error
        if isinstance(error, BotoCoreError):
            raise TargetError(f"{self.where} failed: {error}") from error
