#!/bin/bash
# Captures real BGP messages for the codec tests (run as root; needs bird2, gobgpd, frr, tcpdump, python3).
# Two throwaway namespaces joined by a veth pair: BIRD (AS 64512, 192.0.2.1) in one, GoBGP and then
# FRR (AS 64513, 192.0.2.2) in the other. Each side announces an IPv4 and an IPv6 prefix with
# communities and large communities, then withdraws one; tcpdump records both directions.
# Output: bird.hex, gobgp.hex, frr.hex in the current directory (one message per line).
set -euo pipefail
P=bgpcap$$
A=${P}a; B=${P}b; W=$(mktemp -d)
chmod 755 "$W"
cleanup() {
  for f in "$W"/*.pid; do [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  [ -n "${TCPDUMP:-}" ] && kill "$TCPDUMP" 2>/dev/null || true
  ip netns del "$A" 2>/dev/null || true; ip netns del "$B" 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT
ip netns add "$A"; ip netns add "$B"
ip link add eth0 netns "$A" type veth peer name eth0 netns "$B"
for n in "$A:1" "$B:2"; do ns=${n%%:*}; i=${n##*:}
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add 192.0.2.$i/24 dev eth0; ip -n "$ns" addr add 2001:db8::$i/64 dev eth0 nodad
  ip -n "$ns" link set eth0 up
done
cat > "$W/bird.conf" <<CONF
router id 192.0.2.1;
protocol device {}
protocol static s4 { ipv4; route 198.51.100.0/24 blackhole; route 198.51.100.128/25 blackhole; }
protocol static s6 { ipv6; route 2001:db8:100::/48 blackhole; }
filter tagged { bgp_community.add((64512,1)); bgp_large_community.add((64512,1,2)); bgp_med = 10; accept; }
protocol bgp peer { local 192.0.2.1 as 64512; neighbor 192.0.2.2 as 64513;
  ipv4 { import all; export filter tagged; }; ipv6 { import all; export filter tagged; };
  hold time 3; keepalive time 1; connect delay time 1; connect retry time 2; error wait time 1,5; }
CONF
start_capture() { ip netns exec "$A" tcpdump -i eth0 -U -s 0 -w "$W/$1.pcap" 'tcp port 179' 2>/dev/null & TCPDUMP=$!; sleep 1; }
stop_capture() { sleep 1; kill "$TCPDUMP"; wait "$TCPDUMP" 2>/dev/null || true; TCPDUMP=; }
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(pwd)
for f in bird gobgp frr; do
  printf '%s\n' "# Real BGP messages captured by announcer-service/src/test/resources/vectors/bgp/capture.sh" \
    "# (tcpdump on a veth pair between two network namespaces; BIRD 2.0.12 AS 64512 at 192.0.2.1 peering with" \
    "# GoBGP 3.10.0, then FRR 8.4.4, AS 64513 at 192.0.2.2). One message per line, header included." > "$OUT/$f.hex"
done
start_capture gobgp
ip netns exec "$A" bird -c "$W/bird.conf" -s "$W/bird.ctl" -P "$W/bird.pid"

# --- GoBGP as the peer
cat > "$W/gobgp.toml" <<CONF
[global.config]
  as = 64513
  router-id = "192.0.2.2"
  local-address-list = ["192.0.2.2"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "192.0.2.1"
    peer-as = 64512
  [neighbors.timers.config]
    hold-time = 3
    keepalive-interval = 1
    connect-retry = 1
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
CONF
ip netns exec "$B" gobgpd -f "$W/gobgp.toml" --api-hosts 127.0.0.1:50051 -p --pprof-disable >"$W/gobgpd.log" 2>&1 & echo $! > "$W/gobgpd.pid"
sleep 4
G="ip netns exec $B gobgp -p 50051"
$G global rib add 203.0.113.0/24 community 64513:7 large-community 64513:1:2 med 5
$G global rib -a ipv6 add 2001:db8:200::/48 nexthop 2001:db8::2 community 64513:8
sleep 2
$G global rib del 203.0.113.0/24
sleep 2
kill "$(cat "$W/gobgpd.pid")"; rm "$W/gobgpd.pid"
stop_capture
python3 "$HERE/pcap2hex.py" "$W/gobgp.pcap" "GoBGP 3.10.0 (AS 64513, 192.0.2.2)" "$OUT/gobgp.hex" "$OUT/bird.hex"
sleep 1
start_capture frr

# --- FRR as the peer
mkdir -p "$W/frr"; chown frr:frr "$W/frr"
cat > "$W/frr/frr.conf" <<CONF
frr defaults traditional
hostname b
route-map TAG permit 10
 set community 64513:9
 set large-community 64513:3:4
router bgp 64513
 bgp router-id 192.0.2.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 192.0.2.1 remote-as 64512
 neighbor 192.0.2.1 timers 1 3
 address-family ipv4 unicast
  network 203.0.113.64/26 route-map TAG
 exit-address-family
 address-family ipv6 unicast
  neighbor 192.0.2.1 activate
  network 2001:db8:300::/48 route-map TAG
 exit-address-family
CONF
chown frr:frr "$W/frr/frr.conf"
for d in zebra bgpd; do
  ip netns exec "$B" /usr/lib/frr/$d -d --vty_socket "$W/frr" -z "$W/frr/zserv.api" -i "$W/frr/$d.pid" -f "$W/frr/frr.conf"
done
sleep 5
cp "$W/frr/bgpd.pid" "$W/bgpd.pid"; cp "$W/frr/zebra.pid" "$W/zebra.pid"
ip netns exec "$B" vtysh --vty_socket "$W/frr" -c 'conf t' -c 'router bgp 64513' -c 'address-family ipv4 unicast' -c 'no network 203.0.113.64/26' >/dev/null
sleep 2
kill "$(cat "$W/bgpd.pid")"
stop_capture
python3 "$HERE/pcap2hex.py" "$W/frr.pcap" "FRR 8.4.4 (AS 64513, 192.0.2.2)" "$OUT/frr.hex" "$OUT/bird.hex"
