#!/usr/bin/env bash
# lab.sh: a network lab of namespaces on one bridge (client, router, node1..N), HTTP "pods" in the
# node namespaces, VIPs the node kernels accept but never answer ARP/NDP for, and registration of
# the nodes and pods in a Kubernetes API server. Design and addressing: README.md next to this file.
#
#   lab.sh [--prefix P] up [--nodes N]      build (idempotent; tears down again if a step fails)
#   lab.sh [--prefix P] down                stop the pods it started, delete the namespaces
#   lab.sh [--prefix P] status              namespaces, addresses, VIPs, pod processes
#   lab.sh [--prefix P] vip add|del NODE IP
#   lab.sh [--prefix P] pod start|stop NODE NAME [--port P]
#   lab.sh [--prefix P] link down|up HOST       pull (or plug back) HOST's cable at the bridge
#   lab.sh [--prefix P] failover NODE IP [LOG]  ping IP from the client every 10 ms, pull NODE's cable,
#                                               print the ms without replies, plug it back
#   lab.sh [--prefix P] register --kubeconfig K
#   lab.sh [--prefix P] place SERVICE_NS SERVICE_NAME [NODE...] --kubeconfig K [--port P] [--port-name N]
set -Eeuo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODULE_DIR=$(dirname "$LAB_DIR")
RUN_ROOT=${BMLB_LAB_RUN_ROOT:-/run/bmlb-lab}
PREFIX=${BMLB_LAB_PREFIX:-bmlb-}
NODES=""
PORT=80
PORT_NAME=""
KUBECONFIG_FILE=""
MAX_NODES=50
VIP_DEV=lo
POD_CLASS=io.baremetallb.localcluster.lab.PodServer
REGISTRATION_CLASS=io.baremetallb.localcluster.lab.LabRegistration
JAVA_OPTS=${LAB_JAVA_OPTS:--XX:+UseSerialGC -Xmx48m -Xss512k -XX:TieredStopAtLevel=1}

die() { echo "lab: $*" >&2; exit 2; }
usage() { sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

# ---------------------------------------------------------------- arguments
ARGS=()
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) PREFIX=${2:?--prefix needs a value}; shift 2 ;;
    --nodes) NODES=${2:?--nodes needs a value}; shift 2 ;;
    --port) PORT=${2:?--port needs a value}; shift 2 ;;
    --port-name) PORT_NAME=${2?--port-name needs a value}; shift 2 ;;
    --kubeconfig) KUBECONFIG_FILE=${2:?--kubeconfig needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --*) die "unknown option $1 (see lab.sh --help)" ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
set -- "${ARGS[@]+"${ARGS[@]}"}"

[[ $PREFIX =~ ^[a-z][a-z0-9-]{0,19}$ ]] \
  || die "prefix '$PREFIX' must be 1-20 characters of a-z, 0-9 and '-', starting with a letter"
[[ $PORT =~ ^[0-9]{1,5}$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] \
  || die "port '$PORT' must be a number from 1 to 65535"
if [ -n "$NODES" ]; then
  [[ $NODES =~ ^[0-9]{1,2}$ ]] && [ "$NODES" -ge 1 ] && [ "$NODES" -le $MAX_NODES ] \
    || die "--nodes '$NODES' must be a number from 1 to $MAX_NODES"
fi
STATE=$RUN_ROOT/$PREFIX
BR=${PREFIX}br

# ---------------------------------------------------------------- addressing
# Host number S: router 1, client 10, nodeK 10+K. IPv4 192.0.2.S, IPv6 2001:db8:0:1::S, MAC
# 02:00:00:00:00:S (the same digits everywhere, as in LAB-NOTES; LabTopology.java mirrors this).
host_number() {
  case $1 in
    router) echo 1 ;;
    client) echo 10 ;;
    node*) echo $((10 + ${1#node})) ;;
  esac
}
ipv4_of() { echo "192.0.2.$(host_number "$1")"; }
ipv6_of() { echo "2001:db8:0:1::$(host_number "$1")"; }
mac_of() { printf '02:00:00:00:00:%02d\n' "$(host_number "$1")"; }
ns_of() { echo "${PREFIX}$1"; }
hosts() { echo router client; seq -f 'node%g' 1 "$1"; }

ns_exists() { [ -e "/run/netns/$1" ]; }
recorded_nodes() { cat "$STATE/nodes" 2>/dev/null || true; }
# Every namespace of this prefix, recorded or not (a crashed run may have left some behind).
lab_namespaces() {
  ip netns list | awk '{print $1}' | grep -E "^${PREFIX}(br|client|router|node[0-9]+)\$" | sort -V || true
}

require_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 needs root (network namespaces); run it as root"
  command -v ip >/dev/null || die "iproute2 ('ip') is not installed"
}
require_up() {
  [ -n "$(recorded_nodes)" ] && ns_exists "$BR" || die "lab '$PREFIX' is not up (run: lab.sh --prefix $PREFIX up)"
}
require_node() {
  local n; n=$(recorded_nodes)
  [[ $1 =~ ^node([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 1 ] && [ "${BASH_REMATCH[1]}" -le "$n" ] \
    || die "no node '$1' in lab '$PREFIX' (it has node1..node$n)"
}

# ---------------------------------------------------------------- up
sysctl_in() { local ns=$1; shift; ip netns exec "$ns" sysctl -qw "$@" >/dev/null; }

ensure_ns() {
  ns_exists "$1" || ip netns add "$1"
  ip -n "$1" link set lo up
}

build_bridge() {
  ensure_ns "$BR"
  # The bridge namespace only switches frames; it needs no IPv6 addresses of its own.
  sysctl_in "$BR" net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$BR" link show br0 >/dev/null 2>&1 \
    || ip -n "$BR" link add br0 type bridge stp_state 0 mcast_snooping 0
  ip -n "$BR" link set br0 up
}

build_host() {
  local host=$1 ns; ns=$(ns_of "$1")
  ensure_ns "$ns"
  # Before eth0 exists, so it inherits them: static IPv6 survives link down, no DAD delay.
  sysctl_in "$ns" net.ipv6.conf.all.keep_addr_on_down=1 net.ipv6.conf.default.keep_addr_on_down=1 \
    net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
    net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
  if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
    ip -n "$BR" link del "v-$host" 2>/dev/null || true
    ip link add eth0 netns "$ns" address "$(mac_of "$host")" type veth peer name "v-$host" netns "$BR"
  fi
  ip -n "$BR" link set "v-$host" master br0 up
  ip -n "$ns" addr replace "$(ipv4_of "$host")/24" dev eth0
  ip -n "$ns" addr replace "$(ipv6_of "$host")/64" dev eth0 nodad
  ip -n "$ns" link set eth0 up
  case $host in
    router) sysctl_in "$ns" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 ;;
    *) ip -n "$ns" route replace default via "$(ipv4_of router)" dev eth0
       ip -n "$ns" -6 route replace default via "$(ipv6_of router)" dev eth0 ;;
  esac
  case $host in node*) build_vip_interface "$ns" ;; esac
}

# VIPs live on lo as /32 and /128, never on eth0 (the LVS direct-routing recipe; our kernel has no
# `dummy` link type). arp_ignore=1 answers ARP only for addresses of the interface the request came
# in on, arp_announce=2 never uses a VIP as the sender of the node's own ARP requests. IPv6 needs no
# sysctl: the kernel answers an NS only for addresses of the receiving interface. So the node accepts
# traffic for a VIP but never answers ARP/NDP for it: the announcer must be the only one that does.
build_vip_interface() {
  sysctl_in "$1" net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
    net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
}

cmd_up() {
  require_root "up"
  local recorded; recorded=$(recorded_nodes)
  if [ -n "$recorded" ] && [ -n "$NODES" ] && [ "$recorded" != "$NODES" ]; then
    die "lab '$PREFIX' is up with $recorded nodes; run 'down' first to build it with $NODES"
  fi
  local nodes=${NODES:-${recorded:-3}}
  mkdir -p "$STATE/pods" "$STATE/services"
  echo "$nodes" > "$STATE/nodes"   # recorded first, so that 'down' finds a half-built lab
  trap 'up_failed $LINENO' ERR
  build_bridge
  local host
  for host in $(hosts "$nodes"); do build_host "$host"; done
  trap - ERR
  echo "lab $PREFIX up: bridge $BR, $(ns_of client) 192.0.2.10, $(ns_of router) 192.0.2.1," \
    "$(ns_of node1)..$(ns_of "node$nodes") 192.0.2.11..$((10 + nodes)); state in $STATE"
}

up_failed() {
  trap - ERR
  echo "lab: up failed (lab.sh line $1); tearing lab '$PREFIX' down again" >&2
  teardown >&2 || true
  exit 1
}

# ---------------------------------------------------------------- down
# Stops the process recorded in a pid file, but only if it still is the pod server we started.
stop_recorded() {
  local pidfile=$1 pid
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && is_pod_server "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 100); do is_alive "$pid" || break; sleep 0.05; done
    ! is_alive "$pid" || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
# A zombie counts as gone: once the pod server's parent exited, it is reaped by init whenever init
# gets to it, which here takes up to two seconds.
is_alive() { local st; st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ -n "$st" ] && [ "$st" != Z ]; }
is_pod_server() { tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline" | grep -q "$POD_CLASS"; }

teardown() {
  local f ns
  for f in "$STATE"/pods/*.pid; do [ -e "$f" ] && stop_recorded "$f"; done
  for ns in $(lab_namespaces); do
    local left; left=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
    [ -z "$left" ] || echo "lab: warning: processes not started by lab.sh still run in $ns: $left(stop them by PID)" >&2
    ip netns del "$ns"
  done
  rm -rf "$STATE"
}

cmd_down() {
  require_root "down"
  local existing; existing=$(lab_namespaces)
  if [ -z "$existing" ] && [ ! -d "$STATE" ]; then
    rm -f "$RUN_ROOT/$PREFIX.lock"; echo "lab $PREFIX: already down"; return
  fi
  teardown
  # A command still waiting for the lock gets it on the removed file and runs against a lab that
  # is down, which it reports; the next one locks a new file.
  rm -f "$RUN_ROOT/$PREFIX.lock"
  echo "lab $PREFIX down: deleted $(echo $existing | wc -w) namespaces"
}

# ---------------------------------------------------------------- status
cmd_status() {
  local nodes existing ns; nodes=$(recorded_nodes); existing=$(lab_namespaces)
  if [ -z "$existing" ]; then echo "lab $PREFIX: down"; return; fi
  if [ -n "$nodes" ]; then echo "lab $PREFIX: up, $nodes nodes; state in $STATE"
  else echo "lab $PREFIX: namespaces left without state (run down)"; fi
  for ns in $existing; do
    echo "$ns"
    ip -n "$ns" -br addr show | sed 's/^/  /'
    local pids; pids=$(ip netns pids "$ns" | tr '\n' ' ')
    [ -z "$pids" ] || echo "  processes: $pids"
  done
  local f
  for f in "$STATE"/pods/*.names; do
    [ -e "$f" ] || continue
    local key pid alive; key=$(basename "$f" .names); pid=$(cat "${f%.names}.pid" 2>/dev/null || echo -)
    if [ "$pid" != - ] && is_pod_server "$pid"; then alive=running; else alive=stopped; fi
    echo "pods ${key%.*} port ${key##*.}: pid $pid $alive: $(tr '\n' ' ' < "$f")"
  done
}

# ---------------------------------------------------------------- vip
# Only documentation ranges (RFC 5737, RFC 3849), and never a lab host's own address.
check_vip() {
  local ip=$1
  if [[ $ip == *:* ]]; then
    [[ ${ip,,} =~ ^2001:0?db8: ]] || die "VIP '$ip' is not in 2001:db8::/32 (the lab uses documentation addresses only)"
  else
    [[ $ip =~ ^(192\.0\.2|198\.51\.100|203\.0\.113)\.([0-9]{1,3})$ ]] && [ "${BASH_REMATCH[2]}" -le 255 ] \
      || die "VIP '$ip' is not an address of 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24"
  fi
  local host
  for host in $(hosts "$(recorded_nodes)"); do
    [ "$ip" != "$(ipv4_of "$host")" ] && [ "${ip,,}" != "$(ipv6_of "$host")" ] \
      || die "VIP '$ip' is the address of $host; pick another (e.g. 192.0.2.100, 2001:db8:0:1::100)"
  done
}

cmd_vip() {
  require_root "vip"; require_up
  [ $# -eq 3 ] || die "usage: lab.sh vip add|del NODE IP"
  local op=$1 node=$2 ip=$3 len=32 ns extra=()
  require_node "$node"; check_vip "$ip"; ns=$(ns_of "$node")
  [[ $ip == *:* ]] && { len=128; extra=(nodad); }
  case $op in
    add) ip -n "$ns" addr replace "$ip/$len" dev "$VIP_DEV" "${extra[@]+"${extra[@]}"}" ;;
    del) local out
         out=$(ip -n "$ns" addr del "$ip/$len" dev "$VIP_DEV" 2>&1) \
           || [[ ${out,,} == *"cannot assign requested address"* || ${out,,} == *"address not found"* ]] || die "vip del $node $ip: $out" ;;
    *) die "usage: lab.sh vip add|del NODE IP" ;;
  esac
}

# ---------------------------------------------------------------- pods
lab_classpath() {
  if [ -n "${LAB_CLASSPATH:-}" ]; then echo "$LAB_CLASSPATH"; return; fi
  local classes=$MODULE_DIR/target/classes
  [ -f "$classes/${POD_CLASS//.//}.class" ] \
    || die "the lab's Java classes are not built: run 'mvn -B -o -q -pl local-cluster package' in $(dirname "$MODULE_DIR") (or set LAB_CLASSPATH)"
  if [ -f "$MODULE_DIR/target/lab.classpath" ]; then
    echo "$classes:$(cat "$MODULE_DIR/target/lab.classpath")"
  else
    echo "$classes"
  fi
}

check_pod_name() {
  [[ $1 =~ ^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$ ]] \
    || die "pod name '$1' must be lower-case letters, digits and '-' (at most 42)"
}

# One server per node and port plays kube-proxy and the pods behind it: it serves the pod names
# in its .names file round-robin, re-reading the file on every request.
pod_start() {
  local node=$1 name=$2 key ns; key=$STATE/pods/$node.$PORT; ns=$(ns_of "$node")
  local pid; pid=$(cat "$key.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && is_pod_server "$pid"; then add_pod_name "$key.names" "$name"; return; fi
  local cp; cp=$(lab_classpath)
  add_pod_name "$key.names" "$name"
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
  setsid ip netns exec "$ns" java $JAVA_OPTS -cp "$cp" "$POD_CLASS" \
    --port "$PORT" --names "$key.names" > "$key.log" 2>&1 < /dev/null 9>&- &   # 9: our lock
  pid=$!
  echo "$pid" > "$key.pid"
  local i
  for i in $(seq 300); do
    grep -q '^ready ' "$key.log" 2>/dev/null && return
    is_alive "$pid" || break
    sleep 0.05
  done
  stop_recorded "$key.pid"
  rm -f "$key.names"   # no server, so no pods on this port
  die "pod server on $node port $PORT did not start: $(tail -n 5 "$key.log")"
}

add_pod_name() {
  { cat "$1" 2>/dev/null || true; echo "$2"; } | awk '!seen[$0]++' > "$1.tmp"
  mv "$1.tmp" "$1"
}

pod_stop() {
  local node=$1 name=$2 key; key=$STATE/pods/$node.$PORT
  [ -e "$key.names" ] || return 0
  grep -vx -- "$name" "$key.names" > "$key.names.tmp" || true
  mv "$key.names.tmp" "$key.names"
  if [ ! -s "$key.names" ]; then stop_recorded "$key.pid"; rm -f "$key.names" "$key.log"; fi
}

cmd_pod() {
  require_root "pod"; require_up
  [ $# -eq 3 ] || die "usage: lab.sh pod start|stop NODE NAME [--port P]"
  require_node "$2"; check_pod_name "$3"
  case $1 in
    start) pod_start "$2" "$3" ;;
    stop) pod_stop "$2" "$3" ;;
    *) die "usage: lab.sh pod start|stop NODE NAME [--port P]" ;;
  esac
}

# ---------------------------------------------------------------- link
# The bridge side of HOST's veth: HOST's eth0 loses carrier but keeps its addresses, as a node
# whose cable is pulled (the failure that matters for failover, LAB-NOTES).
cmd_link() {
  require_root "link"; require_up
  [ $# -eq 2 ] && [[ $1 == up || $1 == down ]] || die "usage: lab.sh link down|up HOST"
  case $2 in client|router) ;; *) require_node "$2" ;; esac
  ip -n "$BR" link set "v-$2" "$1"
}

# failover NODE IP [LOG]: the client pings IP every 10 ms (ping -D into LOG); once 50 replies came in a
# row, NODE's cable is pulled; when 20 more replies came (at most 15 s), the cable goes back in. Prints the
# outage in ms, from the last reply before the pull to the first after it, or "nan" when there was none.
FAILOVER_PID=""
FAILOVER_NODE=""
failover_cleanup() { # on exit: ping stops (by its process group: setsid made it the leader), the cable goes back in
  if [ -n "$FAILOVER_PID" ]; then kill -- "-$FAILOVER_PID" 2>/dev/null || true; wait "$FAILOVER_PID" 2>/dev/null || true; fi
  if [ -n "$FAILOVER_NODE" ]; then ip -n "$BR" link set "v-$FAILOVER_NODE" up 2>/dev/null || true; fi
}
cmd_failover() {
  require_root "failover"; require_up
  [ $# -ge 2 ] && [ $# -le 3 ] || die "usage: lab.sh failover NODE IP [LOG]"
  require_node "$1"
  local node=$1 ip=$2 log=${3:-$(mktemp)} i before
  trap failover_cleanup EXIT
  : > "$log" # exists before the background ping opens it, so the first count below does not race it
  setsid ip netns exec "${PREFIX}client" ping -D -n -i 0.01 -W 1 "$ip" > "$log" 2>&1 < /dev/null &
  FAILOVER_PID=$!
  for i in $(seq 1500); do [ "$(grep -c 'bytes from' "$log")" -ge 50 ] && break; sleep 0.01; done
  FAILOVER_NODE=$node
  ip -n "$BR" link set "v-$node" down
  date +%s.%N > "$log.mark" # after the cable is out: the last reply before this moment precedes the outage
  before=$(grep -c 'bytes from' "$log")
  for i in $(seq 1500); do [ "$(grep -c 'bytes from' "$log")" -ge $((before + 20)) ] && break; sleep 0.01; done
  failover_cleanup
  FAILOVER_PID=""
  FAILOVER_NODE=""
  awk -F'[][]' -v mark="$(cat "$log.mark")" '/bytes from/ { t = $2 + 0
      if (t <= mark) last = t; else if (!first) first = t }
    END { if (!last || !first) print "nan"; else printf "%.0f\n", (first - last) * 1000 }' "$log"
}

# ---------------------------------------------------------------- Kubernetes
registration() {
  [ -n "$KUBECONFIG_FILE" ] || die "$1 needs --kubeconfig FILE (the API server's kubeconfig)"
  [ -r "$KUBECONFIG_FILE" ] || die "kubeconfig '$KUBECONFIG_FILE' is not readable"
  command -v kubectl >/dev/null || die "kubectl is not installed"
  java -cp "$(lab_classpath)" "$REGISTRATION_CLASS" --kubeconfig "$KUBECONFIG_FILE" \
    --prefix "$PREFIX" --nodes "$(recorded_nodes)" "$@"
}

cmd_register() {
  require_up
  [ $# -eq 0 ] || die "usage: lab.sh register --kubeconfig K"
  registration register
}

# place NS SVC node2 node2 node3: pods node2-1, node2-2, node3-1 on port --port, the Pods and
# EndpointSlices of SVC in the API server; pods this service had before and no longer has stop.
cmd_place() {
  require_root "place"; require_up
  [ $# -ge 2 ] || die "usage: lab.sh place SERVICE_NS SERVICE_NAME [NODE...] --kubeconfig K [--port P]"
  local svc_ns=$1 svc=$2; shift 2
  [[ $svc_ns =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ && $svc =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] \
    || die "'$svc_ns/$svc' is not a valid namespace/name"
  [ -n "$KUBECONFIG_FILE" ] || die "place needs --kubeconfig FILE (the API server's kubeconfig)"
  local node pairs=() ; declare -A count=()
  for node in "$@"; do
    require_node "$node"
    count[$node]=$(( ${count[$node]:-0} + 1 ))
    pairs+=("$node=$node-${count[$node]}")
  done
  local placed=$STATE/services/$svc_ns.$svc.$PORT pair
  for pair in $(cat "$placed" 2>/dev/null || true); do
    printf '%s\n' "${pairs[@]+"${pairs[@]}"}" | grep -qx -- "$pair" || pod_stop "${pair%%=*}" "${pair#*=}"
  done
  for pair in "${pairs[@]+"${pairs[@]}"}"; do pod_start "${pair%%=*}" "${pair#*=}"; done
  printf '%s\n' "${pairs[@]+"${pairs[@]}"}" > "$placed"
  registration place --port "$PORT" --port-name "$PORT_NAME" "$svc_ns" "$svc" "${pairs[@]+"${pairs[@]}"}"
}

# ---------------------------------------------------------------- main
# One command at a time per prefix: two 'pod start's must not both rewrite a .names file.
lock() {
  mkdir -p "$RUN_ROOT" 2>/dev/null || return 0   # not root: the command itself says why it cannot run
  exec 9>"$RUN_ROOT/$PREFIX.lock"
  flock -w 120 9 || die "another lab.sh command for '$PREFIX' has held the lock for 2 minutes"
}

[ $# -ge 1 ] || { usage >&2; exit 2; }
verb=$1; shift
case $verb in up|down|vip|pod|link|place) lock ;; esac
case $verb in
  up) [ $# -eq 0 ] || die "usage: lab.sh up [--nodes N] [--prefix P]"; cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  vip) cmd_vip "$@" ;;
  pod) cmd_pod "$@" ;;
  link) cmd_link "$@" ;;
  failover) cmd_failover "$@" ;;
  register) cmd_register "$@" ;;
  place) cmd_place "$@" ;;
  *) die "unknown command '$verb' (see lab.sh --help)" ;;
esac
