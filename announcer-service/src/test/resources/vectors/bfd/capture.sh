#!/bin/bash
# Captures real BFD control packets from FRR's bfdd for BfdCodecTest (run as root; needs frr, tcpdump, python3).
# Two throwaway namespaces joined by a veth pair, an FRR 8 bfdd in each (192.0.2.1 and 192.0.2.2, plus
# 2001:db8::1 and ::2), profile 100 ms x 3. tcpdump in the first namespace records the session coming up
# (Down, Init, Up, the Poll/Final exchange of the timer change) and going down when one bfdd's peer is shut.
# Output: frr.hex in the current directory, one UDP payload per line with a comment naming its packet.
set -euo pipefail
P=hfcap$$
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
for n in "$A:1:2" "$B:2:1"; do IFS=: read -r ns i peer <<<"$n"
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add 192.0.2.$i/24 dev eth0; ip -n "$ns" addr add 2001:db8::$i/64 dev eth0 nodad
  ip -n "$ns" link set eth0 up
  mkdir -p "$W/$ns"
  cat > "$W/$ns/frr.conf" <<CONF
frr defaults traditional
hostname bfd$i
bfd
 profile fast
  detect-multiplier 3
  receive-interval 100
  transmit-interval 100
 !
 peer 192.0.2.$peer local-address 192.0.2.$i
  profile fast
 !
 peer 2001:db8::$peer local-address 2001:db8::$i
  profile fast
 !
!
CONF
done
chown -R frr:frr "$W"
ip netns exec "$A" tcpdump -i eth0 -U -s 0 -w "$W/bfd.pcap" 'udp port 3784' 2>/dev/null & TCPDUMP=$!
sleep 1
for ns in "$A" "$B"; do
  ip netns exec "$ns" /usr/lib/frr/bfdd -d --vty_socket "$W/$ns" -z "$W/$ns/zserv.api" -i "$W/$ns/bfdd.pid" \
    -f "$W/$ns/frr.conf" --log file:"$W/$ns/bfdd.log"
done
sleep 4
ip netns exec "$B" vtysh --vty_socket "$W/$B" -c 'configure terminal' -c 'bfd' -c 'peer 192.0.2.1 local-address 192.0.2.2' -c 'shutdown'
sleep 1
kill "$TCPDUMP"; wait "$TCPDUMP" 2>/dev/null || true; TCPDUMP=
python3 - "$W/bfd.pcap" > frr.hex <<'PY'
import struct, sys
STATES = ["AdminDown", "Down", "Init", "Up"]
data = open(sys.argv[1], "rb").read()
print("# Real BFD control packets from FRR 8.4.4 bfdd, captured by announcer-service/src/test/resources/vectors/bfd/capture.sh")
print("# (tcpdump on a veth pair between two namespaces, both ends FRR bfdd, profile 100 ms x 3). One UDP payload per line.")
off, seen = 24, set()
while off + 16 <= len(data):
    _, _, caplen, _ = struct.unpack_from("<IIII", data, off); off += 16
    frame = data[off:off + caplen]; off += caplen
    eth = struct.unpack_from("!H", frame, 12)[0]
    if eth == 0x0800:
        ihl = (frame[14] & 15) * 4; src = ".".join(map(str, frame[26:30])); l4 = 14 + ihl
    elif eth == 0x86dd:
        src = frame[22:38].hex(); l4 = 54
    else:
        continue
    sport, dport, ulen = struct.unpack_from("!HHH", frame, l4)
    payload = frame[l4 + 8:l4 + ulen]
    st = STATES[payload[1] >> 6]; flags = payload[1] & 0x3f
    key = (src, st, flags, payload[3:4] != b"", payload[12:24])
    if key in seen:
        continue
    seen.add(key)
    fam = "IPv4" if eth == 0x0800 else "IPv6"
    print(f"# {fam} from {src} sport {sport} -> {dport}: state {st}, flags 0x{flags:02x}, diag {payload[0] & 31}")
    print(payload.hex())
PY
echo "wrote $(grep -vc '^#' frr.hex) packets to frr.hex" >&2
