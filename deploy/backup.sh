#!/usr/bin/env bash
# Back up the platform: the PostgreSQL database (pg_dump, custom format) and the media.
#
#   DATABASE_URL=postgres://… deploy/backup.sh /backups          -> /backups/<UTC time>/
#
# Media: local folders (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) are copied with rsync; with S3_BUCKET
# set, the bucket is synced with the AWS CLI (`aws s3 sync`, endpoint S3_ENDPOINT_URL) when it is
# installed, otherwise use the provider's own versioning/replication and say so in the runbook.
# pg_dump must be the server's major version or newer (with docker-compose:
# `docker-compose exec -T db pg_dump -Fc -U heritage heritage > database.dump`).
# Restore: deploy/restore.sh; tests/heritage_cms/test_backup.py restores a dump made here.
set -euo pipefail
dest=${1:?usage: deploy/backup.sh DESTINATION_FOLDER}
: "${DATABASE_URL:?set DATABASE_URL (postgres://user:pass@host:5432/name)}"
target="$dest/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"

pg_dump --format=custom --no-owner --no-privileges --file "$target/database.dump" "$DATABASE_URL"

if [[ -n "${S3_BUCKET:-}" ]]; then
  if command -v aws >/dev/null; then
    endpoint=(); [[ -n "${S3_ENDPOINT_URL:-}" ]] && endpoint=(--endpoint-url "$S3_ENDPOINT_URL")
    aws "${endpoint[@]}" s3 sync --only-show-errors "s3://$S3_BUCKET" "$target/media"
  else
    echo "S3_BUCKET is set but the AWS CLI is not installed: media not copied" >&2
  fi
else
  for folder in "${MEDIA_ROOT:-var/media}" "${PRIVATE_MEDIA_ROOT:-var/private-media}"; do
    [[ -d "$folder" ]] && rsync -a "$folder" "$target/"
  done
fi
echo "$target"
