package io.baremetallb.announcer.membership;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TCP_NIO2;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

/**
 * The protocol stack measured in LAB-NOTES ("JGroups membership for fast failover"), built in code
 * so the key comes from the Secret without a keystore file. The traps it avoids are noted inline.
 */
final class JGroupsStack {
  private final MembershipConfig config;
  private final TCPPING ping;

  JGroupsStack(MembershipConfig config, Collection<InetAddress> peers) {
    this.config = config;
    this.ping = new TCPPING();
    ping.setValue("port_range", 0);
    setPeers(peers);
  }

  void setPeers(Collection<InetAddress> peers) {
    List<InetSocketAddress> hosts = new ArrayList<>();
    for (InetAddress p : peers) {
      hosts.add(new InetSocketAddress(p, config.port()));
    }
    if (hosts.isEmpty()) {
      hosts.add(new InetSocketAddress(config.bindAddress(), config.port()));
    }
    ping.setInitialHosts(hosts);
  }

  List<Protocol> protocols() {
    FailureDetection fd = config.detection();
    // TCP_NIO2, not TCP: TCP blocks all sending (heartbeats too) while reconnecting to a black-holed member.
    Protocol transport = new TCP_NIO2()
        .setValue("bind_addr", config.bindAddress())
        .setValue("bind_port", config.port())
        .setValue("port_range", 0)
        .setValue("tcp_nodelay", true)
        .setValue("sock_conn_timeout", 300);
    // FD_SOCK2 does not inherit the transport's address; without it, it advertises loopback.
    Protocol socketDetection = new FD_SOCK2()
        .setValue("bind_addr", config.bindAddress())
        .setValue("offset", config.failureDetectionPort() - config.port())
        .setValue("port_range", 0)
        .setValue("connect_timeout", fd.socketConnectMs());
    SYM_ENCRYPT encrypt = new SYM_ENCRYPT().setSecretKey(config.key());
    encrypt.symAlgorithm("AES/CBC/PKCS5Padding");
    encrypt.symIvLength(16);
    return List.of(
        transport,
        ping,
        new MERGE3().setValue("min_interval", 1000L).setValue("max_interval", 3000L),
        socketDetection,
        new FD_ALL3().setValue("interval", (long) fd.heartbeatMs()).setValue("timeout", (long) fd.timeoutMs()),
        new VERIFY_SUSPECT2().setValue("timeout", (long) fd.suspectMs()),
        encrypt,
        new NAKACK2().setValue("use_mcast_xmit", false),
        new UNICAST3(),
        new STABLE(),
        new GMS().setValue("join_timeout", 1000L)
            .setValue("view_ack_collection_timeout", (long) fd.viewAckMs())
            .setValue("print_local_addr", false));
  }
}
