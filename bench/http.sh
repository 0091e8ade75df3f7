#!/usr/bin/env bash
# HTTP benchmark: wrk (2 threads, 64 connections) against an authenticated
# GET /api/v1/customers/{id} on a database of 100,000 customers, and against
# the same response bytes served as a static file by nginx (the reference,
# measured in the same run). Prints requests per second, p99 latency, the
# ratio to nginx and the server's peak RSS, with the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
n=${BENCH_CUSTOMERS:-100000}
secs=${BENCH_SECONDS:-10}
work=$(mktemp -d)
server= ; ngx=
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [ -n "$ngx" ] && kill -TERM "$ngx" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cmake --build "$build" --target http_seed stegvis -j "$(nproc)" >/dev/null
db="sqlite:$work/bench.db"
pw=bench-password-1
echo "http: generating $n customers..." >&2
"$build/http_seed" "$db" "$pw" "$n"

port=$((20000 + RANDOM % 10000)); nport=$((port + 1))
"$build/stegvis" serve --db "$db" --tenant bench --listen "127.0.0.1:$port" --log-level warn \
  >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

cookie=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"$pw\"}" "http://127.0.0.1:$port/api/v1/session" |
  grep -i '^set-cookie:' | sed 's/^[^:]*: *//; s/;.*//')
id=$((n / 2))
path="/api/v1/customers/$id"
mkdir -p "$work/www/api/v1/customers"
curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >"$work/www/api/v1/customers/$id"

cat >"$work/nginx.conf" <<NGX
daemon off;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
NGX
nginx -c "$work/nginx.conf" -p "$work" &
ngx=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$nport$path" >/dev/null 2>&1 && break; sleep 0.1; done

run() { # url [header] -> "rps p99_ms"
  local out
  if [ -n "${2:-}" ]; then out=$(wrk -t2 -c64 -d"${secs}s" --latency -H "$2" "$1"); else
    out=$(wrk -t2 -c64 -d"${secs}s" --latency "$1"); fi
  local rps p99
  rps=$(printf '%s\n' "$out" | awk '/^Requests\/sec/ {print $2}')
  p99=$(printf '%s\n' "$out" | awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}')
  local non2xx
  non2xx=$(printf '%s\n' "$out" | awk '/Non-2xx/ {print $NF}')
  [ -n "$non2xx" ] && echo "http: warning: $non2xx non-2xx responses" >&2
  echo "$rps $p99"
}

read -r s_rps s_p99 < <(run "http://127.0.0.1:$port$path" "Cookie: $cookie")
read -r n_rps n_p99 < <(run "http://127.0.0.1:$nport$path")
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")

awk -v s="$s_rps" -v sp="$s_p99" -v n="$n_rps" -v np="$n_p99" -v rss="$rss_kb" -v bytes="$(wc -c <"$work/www/api/v1/customers/$id")" 'BEGIN {
  ratio = s / n; pr = sp / np; mb = rss / 1024;
  printf "http: GET /api/v1/customers/{id}, %d-byte response, 100,000 customers, wrk 2 threads 64 connections\n", bytes;
  printf "  stegvis  %10.0f req/s   p99 %8.2f ms\n", s, sp;
  printf "  nginx    %10.0f req/s   p99 %8.2f ms   (static file, same bytes)\n", n, np;
  printf "  ratio    %10.2f         (target >= 0.5)  %s\n", ratio, ratio >= 0.5 ? "ok" : "MISSED";
  printf "  p99      %10.2f x nginx (target <= 2)    %s\n", pr, pr <= 2 ? "ok" : "MISSED";
  printf "  peak RSS %10.1f MB      (target <= 64)   %s\n", mb, mb <= 64 ? "ok" : "MISSED";
}'
