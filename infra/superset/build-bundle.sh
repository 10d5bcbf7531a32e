#!/usr/bin/env bash
# Builds the Superset import bundle from the YAML beside this script: a ZIP with one top-level folder
# (goodair_superset/), laid out as Superset's own exports, for Settings > Import dashboards or
# `superset import-dashboards -p <zip>`. See infra/README.md.
#
# Usage: infra/superset/build-bundle.sh [--host HOST] [--port PORT] [--user USER] [--password-stdin] [OUT.zip]
#   --host, --port, --user  the SQL endpoint in the connection URI (default localhost, 10000, analyst)
#   --password-stdin        read the analyst password from stdin and put it in the bundle (for the CLI import,
#                           which cannot ask for it); the ZIP then holds a secret: import it, then delete it
#   OUT.zip                 default infra/superset/target/goodair-superset.zip
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target/goodair-superset.zip"
host="" port="" user="" with_password=false
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host="${2:?--host needs a value}"; shift 2 ;;
    --port) port="${2:?--port needs a value}"; shift 2 ;;
    --user) user="${2:?--user needs a value}"; shift 2 ;;
    --password-stdin) with_password=true; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "build-bundle.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done
# The values go into a URI and a sed expression: keep them to what host names, ports and user names use.
[ -z "$host" ] || [[ "$host" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "build-bundle.sh: bad --host '$host'" >&2; exit 2; }
[ -z "$port" ] || [[ "$port" =~ ^[0-9]+$ ]] || { echo "build-bundle.sh: bad --port '$port'" >&2; exit 2; }
[ -z "$user" ] || [[ "$user" =~ ^[A-Za-z0-9._@-]+$ ]] || { echo "build-bundle.sh: bad --user '$user'" >&2; exit 2; }

root=goodair_superset
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$root"
(cd "$here" && cp -R metadata.yaml databases datasets charts dashboards "$stage/$root/")

db="$stage/$root/databases/GoodAir_Lakehouse.yaml"
edit_uri() {  # applies one sed command to the sqlalchemy_uri line of the staged copy
  sed -e "/^sqlalchemy_uri: /$1" "$db" > "$db.new" && mv "$db.new" "$db"
}
[ -z "$user" ] || edit_uri "s#hive://[^:]*:#hive://$user:#"
[ -z "$host" ] || edit_uri "s#@[^:/]*:#@$host:#"
[ -z "$port" ] || edit_uri "s#\(@[^:/]*\):[0-9]*/#\1:$port/#"
if $with_password; then
  IFS= read -r password || true
  [ -n "$password" ] || { echo "build-bundle.sh: no password on stdin" >&2; exit 2; }
  # A YAML single-quoted scalar: only the quote itself needs escaping (doubled).
  printf "password: '%s'\n" "${password//\'/\'\'}" >> "$db"
fi
grep -q "^sqlalchemy_uri: hive://[^:]*:XXXXXXXXXX@" "$db" || { echo "build-bundle.sh: the URI lost its password mask" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out"
umask 077
if command -v zip >/dev/null; then
  (cd "$stage" && zip -q -r -D -X "$out" "$root")
else
  (cd "$stage" && python3 -m zipfile -c "$out" "$root")
fi
echo "$out"
$with_password && echo "build-bundle.sh: $out holds the analyst password: delete it after the import" >&2
exit 0
