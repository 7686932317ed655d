#!/usr/bin/env bash
# lab-announcers.sh: one announcer (the WAR on Open Liberty) inside each node namespace of a lab made by
# local-cluster/lab/lab.sh, as the chart's DaemonSet runs one per node with hostNetwork.
#
#   lab-announcers.sh [--prefix P] start --kubeconfig K --api-pid PID [--profile default|fast] [--nodes node1,node2] [--env K=V]...
#   lab-announcers.sh [--prefix P] stop [--nodes node1,...]     stop them (by the PIDs recorded at start)
#   lab-announcers.sh [--prefix P] status                        each node's /health/ready and /api/v1/layer2
#   lab-announcers.sh [--prefix P] layer2 NODE                   one node's /api/v1/layer2
#   lab-announcers.sh [--prefix P] owner IP                      the one node whose announcer owns IP (exit 1:
#                                                                none does; exit 3: several do, named on stderr)
#
# The API server of K listens on 127.0.0.1 in the namespace of process PID (the test JVM, or ./run's
# API server); in each node namespace a socat on the same 127.0.0.1 port forwards into it, so K works
# unchanged inside the nodes. The Liberty servers are copies of announcer-service's built server
# (target/liberty/wlp/usr/servers/announcer, made by `mvn -pl announcer-service liberty:create liberty:deploy`
# or by the build's integration tests), one per node, named <prefix><node>.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODULE_DIR=$(dirname "$HERE")
WLP=${BMLB_WLP:-$MODULE_DIR/target/liberty/wlp}
TEMPLATE=${BMLB_ANNOUNCER_TEMPLATE:-announcer}
RUN_ROOT=${BMLB_LAB_RUN_ROOT:-/run/bmlb-lab}
PREFIX=${BMLB_LAB_PREFIX:-bmlb-}
KUBECONFIG_FILE=""
API_PID=""
PROFILE=default
NODES=""
EXTRA_ENV=()
HTTP_PORT=9280
NAMESPACE=${BMLB_KUBE_NAMESPACE:-metallb-system}

die() { echo "lab-announcers: $*" >&2; exit 2; }
usage() { sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

ARGS=()
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) PREFIX=${2:?--prefix needs a value}; shift 2 ;;
    --kubeconfig) KUBECONFIG_FILE=${2:?--kubeconfig needs a value}; shift 2 ;;
    --api-pid) API_PID=${2:?--api-pid needs a value}; shift 2 ;;
    --profile) PROFILE=${2:?--profile needs a value}; shift 2 ;;
    --nodes) NODES=${2:?--nodes needs a value}; shift 2 ;;
    --env) [[ ${2:-} =~ ^BMLB_[A-Z0-9_]+=.*$ ]] || die "--env needs BMLB_NAME=value, not '${2:-}'"; EXTRA_ENV+=("$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --*) die "unknown option $1 (see --help)" ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
set -- "${ARGS[@]+"${ARGS[@]}"}"
[[ $PREFIX =~ ^[a-z][a-z0-9-]{0,19}$ ]] || die "prefix '$PREFIX' must be 1-20 characters of a-z, 0-9 and '-'"
[[ $PROFILE == default || $PROFILE == fast ]] || die "--profile '$PROFILE' must be default or fast"
STATE=$RUN_ROOT/$PREFIX/announcers

lab_nodes() {
  local n; n=$(cat "$RUN_ROOT/$PREFIX/nodes" 2>/dev/null) || die "lab '$PREFIX' is not up (local-cluster/lab/lab.sh --prefix $PREFIX up)"
  if [ -n "$NODES" ]; then
    local k
    for k in ${NODES//,/ }; do
      [[ $k =~ ^node([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 1 ] && [ "${BASH_REMATCH[1]}" -le "$n" ] \
        || die "no node '$k' in lab '$PREFIX' (it has node1..node$n)"
      echo "$k"
    done
  else
    seq -f 'node%g' 1 "$n"
  fi
}
ns_of() { echo "${PREFIX}$1"; }
ip_of() { echo "192.0.2.$((10 + ${1#node}))"; }
server_of() { echo "${PREFIX}$1"; }
is_alive() { local st; st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ -n "$st" ] && [ "$st" != Z ]; }

# Stops the process group recorded in FILE (we started it with setsid, so the group is ours).
stop_group() {
  local file=$1 pid i
  pid=$(cat "$file" 2>/dev/null || true)
  [ -n "$pid" ] || { rm -f "$file"; return 0; }
  kill -TERM -- "-$pid" 2>/dev/null || true
  for i in $(seq 100); do is_alive "$pid" || break; sleep 0.05; done
  ! is_alive "$pid" || kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$file"
}

api_port() {
  local url; url=$(awk '/server:/ {print $2; exit}' "$KUBECONFIG_FILE")
  [[ $url =~ ^https?://127\.0\.0\.1:([0-9]+)/?$ ]] \
    || die "the kubeconfig's server is '$url'; expected http(s)://127.0.0.1:PORT (the embedded API server)"
  echo "${BASH_REMATCH[1]}"
}

start_forwarder() {
  local node=$1 port=$2 ns; ns=$(ns_of "$node")
  setsid ip netns exec "$ns" socat "TCP-LISTEN:$port,bind=127.0.0.1,fork,reuseaddr" \
    "SYSTEM:nsenter --net=/proc/$API_PID/ns/net socat STDIO TCP\\:127.0.0.1\\:$port" \
    > "$STATE/$node.forwarder.log" 2>&1 < /dev/null &
  echo $! > "$STATE/$node.forwarder.pid"
}

make_server() {
  local node=$1 dir; dir=$WLP/usr/servers/$(server_of "$node")
  rm -rf "$dir"
  mkdir -p "$dir"
  # server.env of the template (its keystore password) is copied; ours is appended on a new line
  (cd "$WLP/usr/servers/$TEMPLATE" && tar --exclude=./logs --exclude=./workarea --exclude=./configDropins -cf - .) | (cd "$dir" && tar -xf -)
  mkdir -p "$dir/configDropins/overrides"
  printf '<server>\n  <variable name="http.port" value="%s"/>\n</server>\n' "$HTTP_PORT" > "$dir/configDropins/overrides/lab.xml"
  echo >> "$dir/server.env"
  cat >> "$dir/server.env" <<ENV
BMLB_NODE_NAME=$node
BMLB_HOST_IP=$(ip_of "$node")
BMLB_KUBECONFIG=$KUBECONFIG_FILE
BMLB_KUBE_NAMESPACE=$NAMESPACE
BMLB_MEMBERLIST_PROFILE=$PROFILE
ENV
  [ ${#EXTRA_ENV[@]} -eq 0 ] || printf '%s\n' "${EXTRA_ENV[@]}" >> "$dir/server.env"
  # the lab's JVMs share two cores: a small heap (figures in docs/benchmarks.md); C1 only and the rest
  # come from liberty/config/jvm.options
  printf '%s\n' -Xmx192m >> "$dir/jvm.options"
}

start_server() {
  local node=$1 ns name log; ns=$(ns_of "$node"); name=$(server_of "$node")
  log=$STATE/$node.liberty.log
  # `server run` keeps the JVM in the foreground: its PID is ours, in a process group of its own.
  setsid ip netns exec "$ns" "$WLP/bin/server" run "$name" > "$log" 2>&1 < /dev/null &
  echo $! > "$STATE/$node.server.pid"
}

ready() { ip netns exec "$(ns_of "$1")" curl -s -m 2 "http://127.0.0.1:$HTTP_PORT/health/ready" 2>/dev/null; }

cmd_start() {
  [ "$(id -u)" -eq 0 ] || die "start needs root (network namespaces, raw sockets)"
  [ -n "$KUBECONFIG_FILE" ] && [ -r "$KUBECONFIG_FILE" ] || die "start needs --kubeconfig FILE (readable)"
  [[ $API_PID =~ ^[0-9]+$ ]] && [ -e "/proc/$API_PID/ns/net" ] || die "start needs --api-pid PID of a running process in the API server's network namespace"
  [ -d "$WLP/usr/servers/$TEMPLATE" ] \
    || die "no built announcer server at $WLP/usr/servers/$TEMPLATE: run 'mvn -B -o -pl announcer-service package liberty:create liberty:deploy' first"
  command -v socat >/dev/null || die "socat is not installed"
  local port node; port=$(api_port)
  mkdir -p "$STATE"
  for node in $(lab_nodes); do
    stop_node "$node"
    start_forwarder "$node" "$port"
    make_server "$node"
    start_server "$node"
  done
  local deadline=$((SECONDS + ${BMLB_ANNOUNCER_START_TIMEOUT:-180}))
  for node in $(lab_nodes); do
    until ready "$node" | grep -q '"status":"UP"'; do
      if ! is_alive "$(cat "$STATE/$node.server.pid")"; then
        die "the announcer on $node exited: $(tail -n 20 "$STATE/$node.liberty.log")"
      fi
      if [ $SECONDS -ge $deadline ]; then
        die "the announcer on $node is not ready after ${BMLB_ANNOUNCER_START_TIMEOUT:-180} s: $(ready "$node")"
      fi
      sleep 0.5
    done
    echo "announcer on $node ready ($(ns_of "$node"), $(ip_of "$node"), server $(server_of "$node"), log $STATE/$node.liberty.log)"
  done
}

stop_node() {
  local node=$1
  stop_group "$STATE/$node.server.pid"
  stop_group "$STATE/$node.forwarder.pid"
}

cmd_stop() {
  [ -d "$STATE" ] || return 0
  local f node
  if [ -n "$NODES" ]; then
    for node in ${NODES//,/ }; do stop_node "$node"; done
  else
    for f in "$STATE"/*.server.pid "$STATE"/*.forwarder.pid; do [ -e "$f" ] && stop_group "$f"; done
  fi
}

cmd_status() {
  local node
  for node in $(lab_nodes); do
    echo "$node: $(ready "$node" || echo 'not answering')"
  done
}

cmd_layer2() {
  [ $# -eq 1 ] || die "usage: lab-announcers.sh layer2 NODE"
  ip netns exec "$(ns_of "$1")" curl -s -m 2 "http://127.0.0.1:$HTTP_PORT/api/v1/layer2"
}

cmd_owner() {
  [ $# -eq 1 ] || die "usage: lab-announcers.sh owner IP"
  local node owners=()
  for node in $(lab_nodes); do
    cmd_layer2 "$node" 2>/dev/null | grep -q "\"owned\":\[[^]]*\"$1\"" && owners+=("$node")
  done
  case ${#owners[@]} in
    0) return 1 ;;
    1) echo "${owners[0]}" ;;
    *) echo "lab-announcers: $1 is owned by ${owners[*]}" >&2; return 3 ;;
  esac
}

[ $# -ge 1 ] || { usage >&2; exit 2; }
verb=$1; shift
case $verb in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  layer2) cmd_layer2 "$@" ;;
  owner) cmd_owner "$@" ;;
  *) die "unknown command '$verb' (see --help)" ;;
esac
