package io.baremetallb.ipam.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** The Services and configuration the DNS tests share. */
final class DnsFixtures {
  /** Addresses in {@code prod/many}: more than fit into 512 bytes. */
  static final int MANY = 100;

  private DnsFixtures() {
  }

  /** A configuration from key/value pairs; every other key keeps its default. */
  static DnsConfig config(String... keyValues) {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.put(keyValues[i], keyValues[i + 1]);
    }
    return DnsConfig.fromProperties(key -> Optional.ofNullable(properties.get(key)));
  }

  /** cluster.local plus the external zone lb.example.test, nameserver with a glue address. */
  static DnsConfig standardConfig(String... more) {
    List<String> keyValues = new ArrayList<>(List.of(DnsConfig.KEY_EXTERNAL_ZONES,
        "lb.example.test", DnsConfig.KEY_NAMESERVER_ADDRESSES, "192.0.2.53"));
    keyValues.addAll(List.of(more));
    return config(keyValues.toArray(String[]::new));
  }

  /**
   * The document's {@code search} ExternalName Service in {@code dev}, and around it: LoadBalancer
   * Services with IPv4 and IPv6 ingress, one still waiting for its IP, a ClusterIP Service, CNAMEs
   * inside our zone (chained, dangling, looping), and one with {@link #MANY} addresses.
   */
  static InMemoryServiceDirectory services() {
    InMemoryServiceDirectory directory = new InMemoryServiceDirectory();
    directory.put(ServiceRecord.externalName("dev", "search", "www.baidu.com"));
    directory.put(ServiceRecord.loadBalancer("dev", "web", ips("192.0.2.10", "2001:db8::10")));
    directory.put(ServiceRecord.loadBalancer("dev", "v4only", ips("198.51.100.7")));
    directory.put(ServiceRecord.loadBalancer("dev", "pending", List.of()));
    directory.put(ServiceRecord.of("dev", "db", ServiceType.CLUSTER_IP));
    directory.put(ServiceRecord.externalName("dev", "alias", "web.dev.svc.cluster.local"));
    directory.put(ServiceRecord.externalName("dev", "outside", "web.dev.lb.example.test."));
    directory.put(ServiceRecord.externalName("dev", "dangling", "gone.dev.svc.cluster.local"));
    directory.put(ServiceRecord.externalName("dev", "loop-a", "loop-b.dev.svc.cluster.local"));
    directory.put(ServiceRecord.externalName("dev", "loop-b", "loop-a.dev.svc.cluster.local"));
    List<InetAddress> many = new ArrayList<>();
    for (int i = 1; i <= MANY; i++) {
      many.add(ip("198.51.100." + i));
    }
    directory.put(ServiceRecord.loadBalancer("prod", "many", many));
    return directory;
  }

  static List<InetAddress> ips(String... texts) {
    List<InetAddress> ips = new ArrayList<>();
    for (String text : texts) {
      ips.add(ip(text));
    }
    return ips;
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A recursion-desired query for {@code name}/{@code type} in class IN. */
  static Message query(String name, int type) {
    return Message.newQuery(Record.newRecord(Name.fromConstantString(absolute(name)), type,
        DClass.IN));
  }

  private static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }
}
