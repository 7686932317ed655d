package io.baremetallb.announcer.bgp.speaker;

import io.baremetallb.announcer.bgp.bfd.BfdBgpLink;
import io.baremetallb.announcer.bgp.bfd.BfdSessionConfig;
import io.baremetallb.announcer.bgp.bfd.BfdSessions;
import io.baremetallb.announcer.bgp.io.PeerDriver;
import java.net.InetAddress;

/**
 * What the speaker asks of BFD for the peers whose BGPPeer names a {@code bfdProfile}: run a
 * session with the peer and let its loss take the BGP session down ({@link BfdBgpLink}).
 */
public interface BfdTie {
  /** Starts (or retunes) the BFD session with {@code peer} and ties it to {@code driver}. */
  void watch(InetAddress peer, BfdSessionConfig config, PeerDriver driver);

  /** Unties the peer's BGP session and ends its BFD session (the peer hears AdminDown). */
  void unwatch(InetAddress peer);

  /** No BFD: profiles are ignored (for speakers without the BFD sockets). */
  BfdTie NONE = new BfdTie() {
    @Override
    public void watch(InetAddress peer, BfdSessionConfig config, PeerDriver driver) {
    }

    @Override
    public void unwatch(InetAddress peer) {
    }
  };

  /** @param link the listener {@code sessions} was built with */
  static BfdTie of(BfdSessions sessions, BfdBgpLink link) {
    return new BfdTie() {
      @Override
      public void watch(InetAddress peer, BfdSessionConfig config, PeerDriver driver) {
        link.attach(peer, BfdBgpLink.BgpSession.of(driver));
        if (sessions.status(peer).isPresent()) {
          sessions.reconfigure(peer, config);
        } else {
          sessions.add(peer, config);
        }
      }

      @Override
      public void unwatch(InetAddress peer) {
        link.detach(peer);
        sessions.remove(peer);
      }
    };
  }
}
