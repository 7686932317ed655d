package it.io.baremetallb.announcer.bgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Our speaker against GoBGP 3 as the router (gobgpd in the router namespace, queried with the gobgp CLI). */
class BgpGobgpNetnsIT extends RouterLab {
  static final String API = "127.0.0.1:50051"; // the router namespace's own loopback; gobgp below uses the same

  @Override
  List<String> routerBinaries() {
    return List.of("ip", "gobgpd", "gobgp");
  }

  @Override
  void startRouter() throws IOException {
    Path conf = dir.resolve("gobgpd.toml");
    Files.writeString(conf, String.join("\n",
        "[global.config]",
        "  as = 64512",
        "  router-id = \"192.0.2.1\"",
        "  local-address-list = [\"192.0.2.1\"]",
        "[[neighbors]]",
        "  [neighbors.config]",
        "    neighbor-address = \"192.0.2.11\"",
        "    peer-as = 64513",
        "  [neighbors.timers.config]",
        "    hold-time = 3",
        "    keepalive-interval = 1",
        "    connect-retry = 1",
        "  [[neighbors.afi-safis]]",
        "    [neighbors.afi-safis.config]",
        "      afi-safi-name = \"ipv4-unicast\"",
        "  [[neighbors.afi-safis]]",
        "    [neighbors.afi-safis.config]",
        "      afi-safi-name = \"ipv6-unicast\"", ""));
    startInRouterNs("gobgpd.log", "gobgpd", "-f", conf.toString(), "--api-hosts", API, "--pprof-disable");
  }

  String gobgp(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("gobgp", "-u", "127.0.0.1", "-p", "50051"));
    all.addAll(List.of(args));
    return inRouter(all.toArray(String[]::new));
  }

  @Override
  boolean routerSessionEstablished() {
    return gobgp("neighbor").contains("Establ");
  }

  @Override
  String routerRoute(String prefix) {
    String family = prefix.contains(":") ? "ipv6" : "ipv4";
    return gobgp("global", "rib", "-a", family, prefix);
  }

  @Override
  List<String> expectedAttributeText() {
    return List.of("64512:100", "64513:1:2", "192.0.2.11", "64513");
  }
}
