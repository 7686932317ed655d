package it.io.baremetallb.announcer.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The announcer's BGP side end to end against BIRD 2: metallb.io config → planner → speaker, the
 * TCP MD5 password from a Secret, communities from a Community alias, Services coming and going.
 * BIRD must see one session for all of it. Namespaces {@code hb-XXXX-r} / {@code hb-XXXX-n}.
 */
@Tag("netns")
class BgpSpeakerBirdNetnsIT {
  static final String CONFIG = """
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: web, namespace: metallb-system}
      spec: {addresses: [203.0.113.0/24, "2001:db8:100::/120"]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: Community
      metadata: {name: aliases, namespace: metallb-system}
      spec:
        communities:
        - {name: edge, value: "64512:100"}
      ---
      apiVersion: metallb.io/v1beta2
      kind: BGPPeer
      metadata: {name: tor, namespace: metallb-system}
      spec:
        myASN: 64513
        peerASN: 64512
        peerAddress: 192.0.2.1
        holdTime: 3s
        passwordSecret: {name: bgp-auth, namespace: metallb-system}
      ---
      apiVersion: metallb.io/v1beta1
      kind: BGPAdvertisement
      metadata: {name: web, namespace: metallb-system}
      spec:
        ipAddressPools: [web]
        communities: [edge, "large:64513:1:2"]
      """;
  BirdLab lab;
  SpeakerProcess speaker;

  @BeforeEach
  void labUp() throws IOException {
    lab = BirdLab.up();
    lab.startBird("tor", "password \"from-a-secret\";");
    Files.writeString(lab.dir.resolve("config.yaml"), CONFIG);
  }

  @AfterEach
  void labDown() {
    if (speaker != null) {
      speaker.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  String birdc(String... command) {
    return lab.birdc(command);
  }

  String route(String prefix) {
    return birdc("show", "route", "all", "for", prefix);
  }

  @Test
  void configToRouterWithSecretPasswordAliasCommunitiesAndNoResetOnServiceChanges() throws Exception {
    speaker = new SpeakerProcess(lab.node, SpeakerMain.class, "n1", "192.0.2.11", "2001:db8:0:1::11",
        lab.dir.resolve("config.yaml").toString());
    speaker.send("svc web 203.0.113.10");
    String first = speaker.expectStartingWith("OK svc web", Duration.ofSeconds(20));
    assertTrue(first.contains("passwordSecret metallb-system/bgp-auth not found"), first);

    speaker.send("secret metallb-system/bgp-auth from-a-secret");
    speaker.expect("UP tor", Duration.ofSeconds(20));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> route("203.0.113.10/32").contains("203.0.113.10")),
        () -> "BIRD has no route for web: " + route("203.0.113.10/32"));
    String v4 = route("203.0.113.10/32");
    for (String text : new String[] {"BGP.community: (64512,100)", "BGP.large_community: (64513, 1, 2)", "BGP.as_path: 64513"}) {
      assertTrue(v4.contains(text), "'" + text + "' in " + v4);
    }
    // BIRD touches "since" once more as its channels finish coming up (1 ms later); take it once settled.
    String[] settled = {""};
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> {
      String before = birdc("show", "protocols", "tor");
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      settled[0] = birdc("show", "protocols", "tor");
      return before.equals(settled[0]);
    }));
    String since = settled[0];

    speaker.send("svc api 203.0.113.11,2001:db8:100::b");
    speaker.expectStartingWith("OK svc api", Duration.ofSeconds(10));
    speaker.send("del web");
    speaker.expectStartingWith("OK del web", Duration.ofSeconds(10));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> !route("203.0.113.10/32").contains("203.0.113.10")
        && route("203.0.113.11/32").contains("203.0.113.11") && route("2001:db8:100::b/128").contains("2001:db8:100::b")),
        () -> "after the changes: " + birdc("show", "route"));

    assertEquals(1, speaker.count("UP"), speaker.log().toString());
    assertEquals(0, speaker.count("DOWN"), speaker.log().toString());
    assertEquals(since, birdc("show", "protocols", "tor"), "BIRD's session has the same 'since': never reset");

    speaker.send("stop");
    speaker.expect("STOPPED", Duration.ofSeconds(15));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> !route("203.0.113.11/32").contains("203.0.113.11")),
        "our routes are gone after the graceful stop");
  }
}
