# shellcheck shell=bash
# .ci/postgres.sh: a throwaway PostgreSQL 15 cluster with pgvector for the
# tests that need one (issue 13). Sourced by .ci/run; exports DATABASE_URL and
# stops the cluster when the sourcing shell exits.
#
# pgvector is not packaged for Debian bookworm, but its Debian source package
# is in trixie: a private apt source list (deb-src, trixie, the same mirror as
# the machine's own sources) fetches it without touching the system's apt
# configuration, and it is built against the PostgreSQL 15 headers. Nothing
# is rebuilt when vector.control is already installed.

pg_bin=/usr/lib/postgresql/15/bin
pg_config="$pg_bin/pg_config"

pgvector_install() {
  local sharedir
  sharedir=$("$pg_config" --sharedir)
  if [ -f "$sharedir/extension/vector.control" ]; then
    return 0
  fi
  echo "postgres.sh: building pgvector from Debian's trixie source package"
  local work mirror
  work=$(mktemp -d)
  chmod 755 "$work" # apt's _apt user downloads into it
  # The mirror URI of the machine's own Debian sources (deb822 or one-line).
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    mirror=$(grep -Eo 'https?://[^ ]+/debian/?([[:space:]]|$)' "$f" | head -n1 | tr -d '[:space:]' || true)
    [ -n "$mirror" ] && break
  done
  mirror=${mirror:-http://deb.debian.org/debian}
  mkdir -p "$work/lists/partial"
  echo "deb-src $mirror trixie main" >"$work/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$work/lists")
  apt-get "${apt_opts[@]}" update -qq
  if ! dpkg -s postgresql-server-dev-15 >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-server-dev-15 >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-server-dev-15 >/dev/null; }
  fi
  (cd "$work" && apt-get "${apt_opts[@]}" source --download-only pgvector >/dev/null)
  local orig
  orig=$(ls "$work"/pgvector_*.orig.tar.* | head -n1)
  mkdir -p "$work/src"
  tar -xf "$orig" -C "$work/src" --strip-components=1
  make -s -C "$work/src" PG_CONFIG="$pg_config" >/dev/null
  make -s -C "$work/src" PG_CONFIG="$pg_config" install >/dev/null
  rm -rf "$work"
}

pgvector_install

# The cluster: a temp directory owned by postgres, listening only on a unix
# socket there, trust authentication (the socket directory is private).
pg_tmp=$(mktemp -d /tmp/verbatim-pg.XXXXXX)
chmod 755 "$pg_tmp"
chown postgres "$pg_tmp" 2>/dev/null || true
pg_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_as "$pg_bin/initdb" -D "$pg_tmp/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
pg_as "$pg_bin/pg_ctl" -D "$pg_tmp/data" -l "$pg_tmp/log" -w \
  -o "-k $pg_tmp -c listen_addresses='' -c max_connections=200 -c fsync=off" start >/dev/null
pg_stop() {
  pg_as "$pg_bin/pg_ctl" -D "$pg_tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_tmp"
}
trap pg_stop EXIT
pg_as "$pg_bin/psql" -h "$pg_tmp" -U postgres -qc 'CREATE DATABASE verbatim' postgres
export DATABASE_URL="postgres://postgres@/verbatim?host=$pg_tmp"
echo "postgres.sh: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') with pgvector at $pg_tmp"
