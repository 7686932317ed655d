package io.baremetallb.localcluster.lab;

/**
 * One namespace of the lab on the bridge: its short name ({@code client}, {@code router},
 * {@code node2}), and the addresses {@code lab.sh} gives its {@code eth0}.
 */
public record LabHost(String name, int number, String ipv4, String ipv6, String mac) {

  /** Host number S gives 192.0.2.S, 2001:db8:0:1::S and 02:00:00:00:00:S, the same digits each time. */
  static LabHost numbered(String name, int number) {
    String digits = String.format("%02d", number);
    return new LabHost(name, number, "192.0.2." + number, "2001:db8:0:1::" + number,
        "02:00:00:00:00:" + digits);
  }

  public boolean isNode() {
    return name.startsWith("node");
  }
}
