#!/usr/bin/env bash
# Restore a database dump made by deploy/backup.sh into an EMPTY database:
#
#   deploy/restore.sh /backups/<time>/database.dump postgres://…/heritage_restored
#
# then point DATABASE_URL at it and run `manage.py migrate` (a no-op for a dump of this version).
# Media: copy <time>/media/ (or the folders beside the dump) back to MEDIA_ROOT or the bucket.
set -euo pipefail
dump=${1:?usage: deploy/restore.sh DUMP DATABASE_URL}
url=${2:?usage: deploy/restore.sh DUMP DATABASE_URL}
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname "$url" "$dump"
