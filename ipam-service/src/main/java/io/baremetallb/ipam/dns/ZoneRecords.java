package io.baremetallb.ipam.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** Builds the records we serve, all with the configured TTL. */
final class ZoneRecords {
  /**
   * The zone has no transfers and no secondaries, so the serial never needs to move; refresh, retry
   * and expire are conventional values that only a secondary would read.
   */
  private static final long SERIAL = 1;
  private static final long REFRESH = 3600;
  private static final long RETRY = 600;
  private static final long EXPIRE = 86_400;

  private final long ttl;
  private final Name nameserver;

  ZoneRecords(DnsConfig config) {
    this.ttl = config.ttlSeconds();
    this.nameserver = config.nameserver();
  }

  /** The SOA; its MINIMUM is the TTL, which makes negative answers live as long as positive ones. */
  SOARecord soa(Zone zone) {
    return new SOARecord(zone.apex(), DClass.IN, ttl, nameserver, hostmaster(zone.apex()), SERIAL,
        REFRESH, RETRY, EXPIRE, ttl);
  }

  NSRecord ns(Zone zone) {
    return new NSRecord(zone.apex(), DClass.IN, ttl, nameserver);
  }

  CNAMERecord cname(Name owner, Name target) {
    return new CNAMERecord(owner, DClass.IN, ttl, target);
  }

  /** A records for A, AAAA for AAAA, both for ANY; each address once (RFC 2181 §5: no duplicate RRs). */
  List<Record> addresses(Name owner, List<InetAddress> ips, int qtype) {
    List<Record> records = new ArrayList<>();
    for (InetAddress ip : new LinkedHashSet<>(ips)) {
      if (ip instanceof Inet4Address && (qtype == Type.A || qtype == Type.ANY)) {
        records.add(new ARecord(owner, DClass.IN, ttl, ip));
      } else if (ip instanceof Inet6Address && (qtype == Type.AAAA || qtype == Type.ANY)) {
        records.add(new AAAARecord(owner, DClass.IN, ttl, ip));
      }
    }
    return records;
  }

  private static Name hostmaster(Name apex) {
    try {
      return Name.concatenate(Name.fromConstantString("hostmaster"), apex);
    } catch (NameTooLongException e) {
      // An apex near the 255-byte limit has no room for a label more; the RNAME is informational.
      return apex;
    }
  }
}
