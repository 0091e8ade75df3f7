#!/usr/bin/env bash
# HTTP benchmark (the whole of issue 4, end to end): seed a database of
# 100,000 customers, start `stegvis serve` and nginx on loopback ports, and
# run wrk (2 threads, 64 connections, a fixed time) against an authenticated
# GET /api/v1/customers/{id} and against the same response bytes served by
# nginx as a static file (the reference, measured in the same run). Rounds
# alternate between the two so that other load on the machine hits both
# alike; the medians are compared. Prints requests per second, p99 latency,
# the ratio to nginx, the p99 ratio and the server's peak RSS (VmHWM), with
# the targets, then stops the server with SIGTERM and checks X-2: one
# access-log row per answered read.
#
#   BUILD=build  BENCH_CUSTOMERS=100000  BENCH_SECONDS=10  BENCH_ROUNDS=3
#   BENCH_THREADS=  (stegvis --threads; empty: its default)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
n=${BENCH_CUSTOMERS:-100000}
secs=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
threads=${BENCH_THREADS:-}
for tool in wrk nginx curl sqlite3; do
  command -v "$tool" >/dev/null || { echo "http: $tool is not installed (scripts/setup)" >&2; exit 1; }
done
work=$(mktemp -d)
server= ; ngx=
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$ngx" ]; then kill -TERM "$ngx" 2>/dev/null || true; wait "$ngx" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cmake --build "$build" --target http_seed stegvis -j "$(nproc)" >/dev/null
db="$work/bench.db"
pw=bench-password-1
echo "http: seeding $n customers..." >&2
"$build/http_seed" "sqlite:$db" "$pw" "$n"

free_port() { # a free loopback port
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
port=$(free_port); nport=$(free_port)
[ "$nport" = "$port" ] && nport=$((port + 1))

args=(serve --db "sqlite:$db" --tenant bench --listen "127.0.0.1:$port" --log-level warn)
[ -n "$threads" ] && args+=(--threads "$threads")
"$build/stegvis" "${args[@]}" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

cookie=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"$pw\"}" "http://127.0.0.1:$port/api/v1/session" |
  grep -i '^set-cookie:' | sed 's/^[^:]*: *//; s/;.*//')
[ -n "$cookie" ] || { echo "http: login failed" >&2; cat "$work/serve.err" >&2; exit 1; }
id=$((n / 2))
path="/api/v1/customers/$id"
mkdir -p "$work/www/api/v1/customers"
curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >"$work/www/api/v1/customers/$id" ||
  { echo "http: GET $path failed" >&2; exit 1; }
bytes=$(wc -c <"$work/www/api/v1/customers/$id")
# nginx's workers may run as another user: let them read the file.
chmod 755 "$work" && chmod -R a+rX "$work/www"

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

run() { # seconds url [header] -> "requests rps p99_ms"
  local out
  if [ -n "${3:-}" ]; then out=$(wrk -t2 -c64 -d"$1s" --latency -H "$3" "$2"); else
    out=$(wrk -t2 -c64 -d"$1s" --latency "$2"); fi
  if printf '%s\n' "$out" | grep -q 'Non-2xx'; then
    echo "http: $(printf '%s\n' "$out" | grep 'Non-2xx') from $2; now:" >&2
    curl -s -w ' (%{http_code})\n' ${3:+-H "$3"} "$2" >&2 || true
    tail -5 "$work/serve.err" >&2
    exit 1
  fi
  printf '%s\n' "$out" | awk '
    /requests in/ { n = $1 }
    /^Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2
      if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 }
      else if (v ~ /ms$/) { sub(/ms$/, "", v) }
      else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 }
      p99 = v }
    END { print n, rps, p99 }'
}

# Warm both up (page cache, connections, the server's caches), then alternate.
run 2 "http://127.0.0.1:$port$path" "Cookie: $cookie" >/dev/null
run 2 "http://127.0.0.1:$nport$path" >/dev/null
: >"$work/s.txt"; : >"$work/n.txt"
served=0
for r in $(seq "$rounds"); do
  read -r sn s_rps s_p99 < <(run "$secs" "http://127.0.0.1:$port$path" "Cookie: $cookie")
  read -r _ n_rps n_p99 < <(run "$secs" "http://127.0.0.1:$nport$path")
  echo "$s_rps $s_p99" >>"$work/s.txt"
  echo "$n_rps $n_p99" >>"$work/n.txt"
  served=$((served + sn))
  printf '  round %d: stegvis %8.0f req/s p99 %7.2f ms | nginx %8.0f req/s p99 %7.2f ms | load %s\n' \
    "$r" "$s_rps" "$s_p99" "$n_rps" "$n_p99" "$(cut -d' ' -f1 /proc/loadavg)" >&2
done
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
# The writer's lag (queued to durable, per commit): what a crash could have lost.
lag=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '
  /^stegvis_accesslog_lag_seconds_bucket/ { match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5); n++; b[n] = le; c[n] = $2 }
  /^stegvis_accesslog_rows_total/ { rows = $2 }
  /^stegvis_accesslog_commits_total/ { commits = $2 }
  END { total = c[n]; p50 = p99 = "?"
    for (i = 1; i <= n; i++) { if (p50 == "?" && c[i] >= 0.5 * total) p50 = b[i]; if (p99 == "?" && c[i] >= 0.99 * total) p99 = b[i] }
    printf "%s %s %.0f", p50, p99, commits ? rows / commits : 0 }')
read -r lag50 lag99 per_commit <<<"$lag"
threads_used=$(awk '/^Threads/ {print $2}' "/proc/$server/status")

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
s_rps=$(cut -d' ' -f1 "$work/s.txt" | median); s_p99=$(cut -d' ' -f2 "$work/s.txt" | median)
n_rps=$(cut -d' ' -f1 "$work/n.txt" | median); n_p99=$(cut -d' ' -f2 "$work/n.txt" | median)

# X-2: after SIGTERM (drain, then the writer commits what is queued) every
# answered read has its row. The warm-up, the login check and the reads in
# flight when wrk stopped add a few more.
kill -TERM "$server"; wait "$server" || { echo "http: the server did not stop cleanly" >&2; exit 1; }
server=
rows=$(sqlite3 "$db" "SELECT count(*) FROM access_log")

awk -v s="$s_rps" -v sp="$s_p99" -v n="$n_rps" -v np="$n_p99" -v rss="$rss_kb" -v bytes="$bytes" \
  -v cust="$n" -v secs="$secs" -v rounds="$rounds" -v th="$threads_used" -v rows="$rows" -v served="$served" \
  -v lag50="$lag50" -v lag99="$lag99" -v per="$per_commit" 'BEGIN {
  ratio = s / n; pr = sp / np; mb = rss / 1024
  ok_ratio = (ratio >= 0.5) ? "ok" : "MISSED"
  ok_p99 = (pr <= 2) ? "ok" : "MISSED"
  ok_rss = (mb <= 64) ? "ok" : "MISSED"
  ok_x2 = (rows >= served) ? "ok" : "MISSED"
  printf "http: GET /api/v1/customers/{id}, %d-byte response, %d customers, wrk 2 threads 64 connections, %d s x %d rounds (medians)\n", bytes, cust, secs, rounds
  printf "  stegvis  %10.0f req/s   p99 %8.2f ms   (%d threads in the process)\n", s, sp, th
  printf "  nginx    %10.0f req/s   p99 %8.2f ms   (static file, same bytes)\n", n, np
  printf "  ratio    %10.2f         (target >= 0.5)  %s\n", ratio, ok_ratio
  printf "  p99      %10.2f x nginx (target <= 2)    %s\n", pr, ok_p99
  printf "  peak RSS %10.1f MB      (target <= 64)   %s\n", mb, ok_rss
  printf "  X-2      %10d rows    for %d reads answered  %s\n", rows, served, ok_x2
  printf "  X-2 lag  p50 <= %s s, p99 <= %s s from queued to durable; %d rows per commit\n", lag50, lag99, per
  exit (ok_ratio == "ok" && ok_p99 == "ok" && ok_rss == "ok" && ok_x2 == "ok") ? 0 : 1
}'
