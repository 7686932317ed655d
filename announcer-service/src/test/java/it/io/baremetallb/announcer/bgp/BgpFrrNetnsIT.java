package it.io.baremetallb.announcer.bgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Our speaker against FRR 8 as the router: zebra and bgpd in the router namespace, in the
 * foreground so the test owns their processes. Their directory belongs to frr:frr (LAB-NOTES:
 * FRR refuses to run its vty as root).
 */
class BgpFrrNetnsIT extends RouterLab {
  Path frrDir;

  @Override
  List<String> routerBinaries() {
    return List.of("ip", "vtysh", "chown");
  }

  @Override
  void startRouter() throws IOException {
    frrDir = dir.resolve("frr");
    Files.createDirectories(frrDir);
    Path conf = frrDir.resolve("frr.conf");
    Files.writeString(conf, String.join("\n",
        "frr defaults traditional",
        "hostname router",
        "router bgp 64512",
        " bgp router-id 192.0.2.1",
        " no bgp ebgp-requires-policy",
        " neighbor 192.0.2.11 remote-as 64513",
        " neighbor 192.0.2.11 timers 1 3",
        " neighbor 192.0.2.11 timers connect 1",
        " address-family ipv6 unicast",
        "  neighbor 192.0.2.11 activate",
        " exit-address-family", ""));
    Netns.run("chown", "-R", "frr:frr", frrDir.toString());
    for (String daemon : List.of("zebra", "bgpd")) {
      startInRouterNs(daemon + ".log", "/usr/lib/frr/" + daemon, "--vty_socket", frrDir.toString(),
          "-z", frrDir.resolve("zserv.api").toString(), "-i", frrDir.resolve(daemon + ".pid").toString(), "-f", conf.toString());
    }
  }

  String vtysh(String command) {
    return inRouter("vtysh", "--vty_socket", frrDir.toString(), "-c", command);
  }

  @Override
  boolean routerSessionEstablished() {
    return vtysh("show bgp neighbors 192.0.2.11").contains("BGP state = Established");
  }

  @Override
  String routerRoute(String prefix) {
    String family = prefix.contains(":") ? "ipv6" : "ipv4";
    String out = vtysh("show bgp " + family + " unicast " + prefix);
    return out.contains("Network not in table") ? "" : out;
  }

  @Override
  List<String> expectedAttributeText() {
    return List.of("Community: 64512:100", "Large Community: 64513:1:2", "192.0.2.11", "64513");
  }
}
