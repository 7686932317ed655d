#!/usr/bin/env bash
# bench/run l2-failover [--quick]: layer 2 failover of our announcers (on Liberty, one per lab node) beside
# keepalived (VRRPv3, advert 1 s and 0.1 s) in the same lab and the same run.
#
# A lab of 3 nodes, a client and the embedded API server; one LoadBalancer Service whose IP 192.0.2.100
# every node accepts (on lo). The client pings the VIP every 10 ms; the owner node's link is taken down
# (its cable pulled at the bridge); the outage is the longest gap between replies. 10 times per variant
# (3 with --quick). Meanwhile the client broadcasts an ARP request for the VIP every 50 ms (arping -u): a
# request answered by two different MACs is a "two-MAC interval", which must never happen.
# Then: announcer_rss_mib with 1,000 announced IPs (IPv6 /128s from 2001:db8:0:2::/64) on one node.
# Prints METRIC lines; needs root, the lab's tools and a built tree (bench/run builds it).
set -Eeuo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPS=${BENCH_REPS:-10}
[ "${1:-}" = "--quick" ] && REPS=3
[ "$(id -u)" -eq 0 ] || { echo "l2-failover: needs root (network namespaces, raw sockets)" >&2; exit 2; }
for t in ip arping ping keepalived socat kubectl curl awk; do
  command -v $t >/dev/null || { echo "l2-failover: '$t' is not installed (see .ci/packages)" >&2; exit 2; }
done

PREFIX=bl2-$((RANDOM % 900 + 100))-
LAB="$ROOT/local-cluster/lab/lab.sh --prefix $PREFIX"
ANN="$ROOT/announcer-service/lab/lab-announcers.sh --prefix $PREFIX"
WORK=$(mktemp -d /tmp/bench-l2-failover.XXXXXX)
VIP=192.0.2.100
API_PID=""
declare -a KEEPALIVED_PIDS=()
export KUBECONFIG=$WORK/kubeconfig

cleanup() {
  set +e
  $ANN stop >/dev/null 2>&1
  declare -F stop_keepalived >/dev/null && stop_keepalived
  [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null
  $LAB down >/dev/null 2>&1
  [ -n "${BENCH_KEEP:-}" ] && echo "l2-failover: kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "l2-failover: $*" >&2; }
ns() { echo "${PREFIX}$1"; }

# ------------------------------------------------------------------ setup
if [ ! -d "$ROOT/announcer-service/target/liberty/wlp/usr/servers/announcer" ]; then
  log "creating the announcer's Liberty server (mvn liberty:create liberty:deploy) ..."
  (cd "$ROOT" && mvn -B -q -o -pl announcer-service package liberty:create liberty:deploy -DskipTests) >&2
fi
if [ ! -s "$ROOT/local-cluster/target/lab.classpath" ]; then
  (cd "$ROOT" && mvn -B -q -o -pl local-cluster dependency:build-classpath -Dmdep.outputFile=target/lab.classpath) >&2
fi
port=$((20000 + RANDOM % 20000))
setsid "$ROOT/local-cluster/bin/local-cluster" apiserver --port "$port" --kubeconfig-out "$KUBECONFIG" \
  > "$WORK/apiserver.log" 2>&1 < /dev/null &
API_PID=$!
for _ in $(seq 600); do grep -q 'KUBECONFIG=' "$WORK/apiserver.log" && break; sleep 0.1; done
grep -q 'KUBECONFIG=' "$WORK/apiserver.log" || { log "the API server did not start: $(tail -5 "$WORK/apiserver.log")"; exit 1; }
$LAB up --nodes 3 >&2
$LAB register --kubeconfig "$KUBECONFIG" >&2
kubectl apply -f "$ROOT/helm/baremetal-lb/crds/" >/dev/null
kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata: {name: metallb-system}
---
apiVersion: v1
kind: Secret
metadata: {name: memberlist, namespace: metallb-system}
stringData: {secretkey: "$(head -c 96 /dev/urandom | base64 -w0)"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config, namespace: metallb-system}
data:
  config: |
    address-pools:
    - name: my-ip-space
      protocol: layer2
      addresses: [192.0.2.100-192.0.2.109]
    - name: bulk
      protocol: layer2
      addresses: ['2001:db8:0:2::1-2001:db8:0:2::3e8']
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}
YAML
kubectl patch svc web --subresource=status --type=merge \
  -p "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"$VIP\"}]}}}" >/dev/null
for n in node1 node2 node3; do $LAB vip add "$n" "$VIP"; done

# ------------------------------------------------------------------ measuring
# arping -u lines "... from MAC (IP): index=R/S ...": requests (S) answered by more than one MAC.
two_mac_requests() {
  awk '/ from / { mac = $4; split($0, a, "index="); split(a[2], b, "/"); s = b[2] + 0
    if (!((s, mac) in seen)) { seen[s, mac] = 1; n[s]++ } }
    END { c = 0; for (s in n) if (n[s] > 1) c++; print c }' "$1"
}

arping_pid=""
start_arping() {
  setsid ip netns exec "$(ns client)" arping -u -W 0.05 -I eth0 "$VIP" > "$WORK/arping.$1.txt" 2>&1 < /dev/null &
  arping_pid=$!
}
stop_arping() { kill -- "-$arping_pid" 2>/dev/null || true; wait "$arping_pid" 2>/dev/null || true; }

# One failover (lab.sh failover): ping every 10 ms, pull OWNER's cable, plug it back once replies flow
# again. Prints the gap in ms.
failover_once() { $LAB failover "$1" "$VIP" "$WORK/ping.$2.txt"; }

owner_of_vip() { $ANN owner "$VIP" 2>/dev/null; } # our announcers: the one node that owns the VIP
settled() { # every announcer sees all three, and exactly one owns the VIP
  local n
  for n in node1 node2 node3; do
    $ANN layer2 "$n" 2>/dev/null | grep -q '"members":\["node[1-3]","node[1-3]","node[1-3]"\]' || return 1
  done
  owner_of_vip >/dev/null
}
wait_for() { # wait_for SECONDS CMD...
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.2; done
}

# median, p90 and max of the numbers on stdin
stats() { sort -n | awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.9 + 0.999)]; print m, p, v[NR] }'; }

run_announcers() { # run_announcers PROFILE METRIC_PREFIX
  local profile=$1 name=$2 i owner gaps=()
  log "starting the announcers on Liberty (profile $profile) ..."
  $ANN start --kubeconfig "$KUBECONFIG" --api-pid "$API_PID" --profile "$profile" >&2
  wait_for 60 settled || { log "the announcers did not settle: $($ANN status)"; exit 1; }
  start_arping "$name"
  for i in $(seq "$REPS"); do
    owner=$(owner_of_vip)
    gaps+=("$(failover_once "$owner" "$name.$i")")
    log "$name run $i: owner $owner, outage ${gaps[-1]} ms"
    wait_for 60 settled || { log "no settled ownership after run $i: $($ANN status)"; exit 1; }
    sleep 1
  done
  stop_arping
  $ANN stop
  read -r med p90 max < <(printf '%s\n' "${gaps[@]}" | stats)
  echo "METRIC ${name}_ms_median=$med ms"
  echo "METRIC ${name}_ms_p90=$p90 ms"
  echo "METRIC ${name}_ms_max=$max ms"
  echo "METRIC ${name}_two_mac_requests=$(two_mac_requests "$WORK/arping.$name.txt") count"
  eval "${name//-/_}_median=$med"
}

# ------------------------------------------------------------------ keepalived
stop_keepalived() {
  local p
  for p in "${KEEPALIVED_PIDS[@]+"${KEEPALIVED_PIDS[@]}"}"; do kill -- "-$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  KEEPALIVED_PIDS=()
  for n in node1 node2 node3; do ip -n "$(ns "$n")" addr del "$VIP/24" dev eth0 2>/dev/null || true; done
}
start_keepalived() { # start_keepalived ADVERT_SECONDS
  local n prio=150
  for n in node1 node2 node3; do
    cat > "$WORK/keepalived.$n.conf" <<CONF
global_defs {
  vrrp_version 3
  script_user root
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $prio
  advert_int $1
  virtual_ipaddress {
    $VIP/24 dev eth0
  }
}
CONF
    setsid ip netns exec "$(ns "$n")" keepalived -n -l -D -P -f "$WORK/keepalived.$n.conf" \
      -p "$WORK/keepalived.$n.pid" -r "$WORK/vrrp.$n.pid" > "$WORK/keepalived.$n.log" 2>&1 < /dev/null &
    KEEPALIVED_PIDS+=($!)
    prio=$((prio - 50))
  done
}
vrrp_owner() {
  local n
  for n in node1 node2 node3; do
    ip -n "$(ns "$n")" -4 addr show dev eth0 | grep -q " $VIP/" && { echo "$n"; return 0; }
  done
  return 1
}
vrrp_owner_count() { local c=0 n; for n in node1 node2 node3; do ip -n "$(ns "$n")" -4 addr show dev eth0 | grep -q " $VIP/" && c=$((c + 1)); done; echo $c; }
vrrp_settled() { [ "$(vrrp_owner_count)" = 1 ]; }

run_keepalived() { # run_keepalived ADVERT NAME
  local advert=$1 name=$2 i owner gaps=()
  log "starting keepalived (VRRPv3, advert_int $advert) ..."
  # keepalived's own recipe: the VIP lives only on the master's eth0 (not on every node's lo)
  for n in node1 node2 node3; do $LAB vip del "$n" "$VIP"; done
  start_keepalived "$advert"
  wait_for 30 vrrp_settled || { log "keepalived elected no master"; exit 1; }
  sleep 2
  for i in $(seq "$REPS"); do
    owner=$(vrrp_owner)
    gaps+=("$(failover_once "$owner" "$name.$i")")
    log "$name run $i: owner $owner, outage ${gaps[-1]} ms"
    wait_for 30 vrrp_settled || { log "keepalived did not settle after run $i"; exit 1; }
    sleep $(( ${advert%.*} * 4 + 2 ))  # preemption back to the highest priority, and its own outage, is over
    wait_for 30 vrrp_settled || true
  done
  declare -F stop_keepalived >/dev/null && stop_keepalived
  read -r med p90 max < <(printf '%s\n' "${gaps[@]}" | stats)
  echo "METRIC ${name}_ms_median=$med ms"
  echo "METRIC ${name}_ms_p90=$p90 ms"
  echo "METRIC ${name}_ms_max=$max ms"
  eval "${name}_median=$med"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f\n", a / b; else print "nan" }'; }

# ------------------------------------------------------------------ the run
# BENCH_PHASES picks parts while working on one (default: all of them)
PHASES=" ${BENCH_PHASES:-announcers keepalived rss} "
if [[ $PHASES == *" announcers "* ]]; then
  run_announcers default l2_failover
  run_announcers fast l2_failover_fast
fi
if [[ $PHASES == *" keepalived "* ]]; then
  run_keepalived 1 keepalived_1s_failover
  run_keepalived 0.1 keepalived_100ms_failover
fi
if [[ $PHASES == *" announcers "* && $PHASES == *" keepalived "* ]]; then
  echo "METRIC l2_failover_vs_keepalived_1s=$(ratio "$l2_failover_median" "$keepalived_1s_failover_median") x"
  echo "METRIC l2_failover_fast_vs_keepalived_100ms=$(ratio "$l2_failover_fast_median" "$keepalived_100ms_failover_median") x"
fi
[[ $PHASES == *" rss "* ]] || exit 0

# ------------------------------------------------------------------ RSS with 1,000 announced IPs
log "RSS: 1,000 Services with IPv6 VIPs, announced by node1 alone ..."
token=$(awk '/token:/ {print $2; exit}' "$KUBECONFIG")
base=http://127.0.0.1:$port/api/v1/namespaces/default/services
for i in $(seq 1000); do
  printf '{"apiVersion":"v1","kind":"Service","metadata":{"name":"bulk-%d"},"spec":{"type":"LoadBalancer","ports":[{"port":80}]}}' "$i" \
    | curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -X POST --data-binary @- "$base"
  printf '{"status":{"loadBalancer":{"ingress":[{"ip":"2001:db8:0:2::%x"}]}}}' "$i" \
    | curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/merge-patch+json' -X PATCH --data-binary @- "$base/bulk-$i/status"
done
$ANN start --kubeconfig "$KUBECONFIG" --api-pid "$API_PID" --nodes node1 --env BMLB_MEMBERLIST_REQUIRE_QUORUM=false >&2
wait_for 120 bash -c "[ \$(( \$($ANN layer2 node1 | grep -o '\"owned\":\[[^]]*\]' | tr ',' '\n' | wc -l) )) -ge 1001 ]" \
  || log "node1 owns fewer than 1,001 IPs: $($ANN layer2 node1 | head -c 300)"
sleep 5
pid=$(cat "/run/bmlb-lab/$PREFIX/announcers/node1.server.pid")  # Liberty's `server run` execs the JVM
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
echo "METRIC announcer_rss_mib=$((rss_kb / 1024)) MiB"
echo "METRIC announcer_owned_ips=$($ANN layer2 node1 | grep -o '"owned":\[[^]]*\]' | tr ',' '\n' | wc -l) count"
