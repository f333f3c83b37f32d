#!/usr/bin/env bash
# The burst of issue 16 against the packaged gateway on its built-in emulator: CALLS chat completions to one
# model at CONCURRENCY, with the default upstream budget (300 a minute), sent to INSTANCES gateways (1, or 2
# sharing one redis-server) in turn. Prints what Workers AI (the emulators) received and the statuses.
# Usage: ./mvnw -B -q package -DskipTests && src/bench/limits-burst.sh [INSTANCES] [CALLS] [CONCURRENCY]
set -euo pipefail
instances=${1:-1}; calls=${2:-330}; concurrency=${3:-16}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
upstream_calls() {
  local sum=0
  for port in "${emulators[@]}"; do
    sum=$((sum + $(curl -s "http://127.0.0.1:$port/__emulator/stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["requests"])')))
  done
  echo "$sum"
}

shared=()
if [ "$instances" -gt 1 ]; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
  pids+=($!)
  shared=(-Dflaregate.redis.url="redis://127.0.0.1:$redis_port" -Dflaregate.redis.expected-replicas="$instances")
fi
ports=(); emulators=()
for i in $(seq 1 "$instances"); do
  ports+=("$(free_port)"); emulators+=("$(free_port)")
  java -Dquarkus.http.port="${ports[-1]}" -Dflaregate.emulator.port="${emulators[-1]}" "${shared[@]}" \
    -jar target/quarkus-app/quarkus-run.jar >"$work/gateway-$i.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  until curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do sleep 0.2; done
done

before=$(upstream_calls)
start=$(date +%s%N)
seq "$calls" | xargs -P "$concurrency" -I{} sh -c 'set -- $0; shift $(( {} % $# )); curl -s -o /dev/null -w "%{http_code}\n" \
  -H "Content-Type: application/json" \
  -d "{\"model\":\"@cf/meta/llama-3.1-8b-instruct\",\"messages\":[{\"role\":\"user\",\"content\":\"burst {}\"}]}" \
  "http://127.0.0.1:$1/v1/chat/completions"' "${ports[*]}" >"$work/statuses"
millis=$(( ($(date +%s%N) - start) / 1000000 ))
echo "instances=$instances calls=$calls concurrency=$concurrency took=${millis}ms workers_ai_received=$(( $(upstream_calls) - before ))" \
  "$(sort "$work/statuses" | uniq -c | awk '{printf "%s=%s ", $2, $1}')"
