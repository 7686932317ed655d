#!/usr/bin/env python3
"""Turns a tcpdump capture of BGP sessions into .hex vectors: one message per line, with a
comment line above each saying who sent it. Messages from 192.0.2.2 go to PEER_OUT, those from
192.0.2.1 (BIRD) to BIRD_OUT (appended).
Usage: pcap2hex.py CAPTURE.pcap PEER_LABEL PEER_OUT BIRD_OUT"""
import struct, sys, datetime

def packets(path):
    data = open(path, 'rb').read()
    magic = struct.unpack('<I', data[:4])[0]
    endian = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + 'IIII', data[off:off + 16])
        yield linktype, data[off + 16:off + 16 + incl]
        off += 16 + incl

def tcp_segments(path):
    for linktype, frame in packets(path):
        if linktype != 1 or struct.unpack('>H', frame[12:14])[0] != 0x0800:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0xf) * 4
        total = struct.unpack('>H', ip[2:4])[0]
        src, dst = '.'.join(map(str, ip[12:16])), '.'.join(map(str, ip[16:20]))
        tcp = ip[ihl:total]
        sport, dport, seq = struct.unpack('>HHI', tcp[:8])
        doff = (tcp[12] >> 4) * 4
        payload = tcp[doff:]
        if payload:
            yield (src, sport, dst, dport), seq, payload

def streams(path):
    flows = {}
    for key, seq, payload in tcp_segments(path):
        flows.setdefault(key, {})[seq] = payload  # retransmissions overwrite
    for key, segs in flows.items():
        buf, nxt = b'', None
        for seq in sorted(segs):
            if nxt is not None and seq < nxt:
                continue
            buf += segs[seq]
            nxt = seq + len(segs[seq])
        yield key, buf

NAMES = {1: 'OPEN', 2: 'UPDATE', 3: 'NOTIFICATION', 4: 'KEEPALIVE', 5: 'ROUTE-REFRESH'}

def messages(buf):
    while len(buf) >= 19:
        length = struct.unpack('>H', buf[16:18])[0]
        yield NAMES.get(buf[18], str(buf[18])), buf[:length]
        buf = buf[length:]

def main():
    pcap, label, peer_out, bird_out = sys.argv[1:5]
    day = datetime.date.today().isoformat()
    for (src, sport, dst, dport), buf in streams(pcap):
        sender = 'BIRD 2.0.12 (AS 64512, 192.0.2.1)' if src == '192.0.2.1' else label
        receiver = label if src == '192.0.2.1' else 'BIRD 2.0.12 (AS 64512, 192.0.2.1)'
        out = bird_out if src == '192.0.2.1' else peer_out
        with open(out, 'a') as f:
            for kind, msg in messages(buf):
                f.write('# %s from %s to %s, TCP %s:%d -> %s:%d, captured %s with tcpdump by capture.sh\n'
                        % (kind, sender, receiver, src, sport, dst, dport, day))
                f.write(msg.hex() + '\n')

main()
