#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the shared case register's tests (issue 28), on loopback,
# as CI and a developer start it:
#
#   eval "$(scripts/pg-test-server.sh start DIR PORT)"   # prints the export lines
#   scripts/pg-test-server.sh stop DIR
#
# As root (the cluster runs as the `postgres` user, via runuser), with Debian's `postgresql`
# package (15: /usr/lib/postgresql/15/bin). What it makes:
# - a cluster in DIR/data, md5 authentication (pg_hba from `initdb -A md5`), listening on
#   127.0.0.1:PORT only, TLS on with a certificate for 127.0.0.1 signed by a CA of its own
#   (DIR/ca.crt), and a second CA that signed nothing (DIR/other-ca.crt);
# - the owner's role `dt_owner` (owns database `dt`: makes the schema) and the clerks' role
#   `dt_clerk`, both with md5-stored passwords, found by libpq's password file
#   (PGPASSFILE=DIR/pgpass, mode 0600): no password on a command line.
# The exports: DELEGATION_TRACKER_TEST_PG (the owner's URL), DELEGATION_TRACKER_TEST_PG_CLERK,
# DELEGATION_TRACKER_TEST_PG_CA, DELEGATION_TRACKER_TEST_PG_OTHER_CA,
# DELEGATION_TRACKER_TEST_PG_DIR (for the tests that stop and start the server), PGPASSFILE.
set -euo pipefail

cmd=${1:?usage: pg-test-server.sh start DIR PORT | stop DIR}
dir=${2:?DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "pg-test-server: no /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 1; }
as_pg() { runuser -u postgres -- "$@"; }

case "$cmd" in
stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    exit 0
    ;;
start) ;;
*) echo "usage: pg-test-server.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
port=${3:?PORT}

mkdir -p "$dir/data" "$dir/sock"
chmod 0755 "$dir"
chown postgres "$dir/data" "$dir/sock"
chmod 0700 "$dir/data"
superpw=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
ownerpw=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
clerkpw=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$superpw" >"$dir/superpw"
chown postgres "$dir/superpw"
chmod 0600 "$dir/superpw"

# Certificates: a CA, the server's (SAN 127.0.0.1 and localhost) signed by it, another CA.
(
    cd "$dir"
    ec() { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3 \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign "$@"; }
    ec -keyout ca.key -out ca.crt -subj "/CN=delegation-tracker test CA" 2>/dev/null
    ec -keyout other-ca.key -out other-ca.crt -subj "/CN=another authority" 2>/dev/null
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3 \
        -extfile server.ext -out server.crt 2>/dev/null
    chown postgres server.key server.crt
    chmod 0600 server.key
)

as_pg "$bin/initdb" -D "$dir/data" -A md5 --pwfile="$dir/superpw" -U postgres \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_pg "$bin/initdb" -D "$dir/data" -A md5 --pwfile="$dir/superpw" -U postgres \
        --encoding=UTF8 >"$dir/initdb.log" 2>&1
# DIR/ctl start|stop: the tests that stop the server mid-write (`pg_ctl -m immediate`) and
# start it again.
cat >"$dir/ctl" <<CTL
#!/bin/sh
case "\$1" in
stop) exec runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop ;;
start) exec runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/sock/server.log" \\
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" start ;;
esac
CTL
chmod 0755 "$dir/ctl"
"$dir/ctl" start >/dev/null

PGPASSWORD=$superpw "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres <<SQL >/dev/null
SET password_encryption = 'md5';
CREATE ROLE dt_owner LOGIN PASSWORD '$ownerpw';
CREATE ROLE dt_clerk LOGIN PASSWORD '$clerkpw';
CREATE DATABASE dt OWNER dt_owner;
REVOKE ALL ON DATABASE dt FROM PUBLIC;
GRANT CONNECT ON DATABASE dt TO dt_clerk;
SQL
PGPASSWORD=$superpw "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d dt \
    -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" >/dev/null

printf '127.0.0.1:%s:dt:dt_owner:%s\n127.0.0.1:%s:dt:dt_clerk:%s\n' \
    "$port" "$ownerpw" "$port" "$clerkpw" >"$dir/pgpass"
chmod 0600 "$dir/pgpass"

cat <<EOF
export PGPASSFILE=$dir/pgpass
export DELEGATION_TRACKER_TEST_PG=postgres://dt_owner@127.0.0.1:$port/dt
export DELEGATION_TRACKER_TEST_PG_CLERK=postgres://dt_clerk@127.0.0.1:$port/dt
export DELEGATION_TRACKER_TEST_PG_CA=$dir/ca.crt
export DELEGATION_TRACKER_TEST_PG_OTHER_CA=$dir/other-ca.crt
export DELEGATION_TRACKER_TEST_PG_DIR=$dir
EOF
