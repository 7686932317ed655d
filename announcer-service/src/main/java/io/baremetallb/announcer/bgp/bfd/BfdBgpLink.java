package io.baremetallb.announcer.bgp.bfd;

import io.baremetallb.announcer.bgp.io.PeerDriver;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ties BGP sessions to BFD (RFC 5882 §4.3): when the BFD session with a BGP peer leaves Up
 * because the path failed, that peer's BGP session goes down at once; when BFD is Up again, BGP
 * starts over. A session the peer or we took AdminDown on purpose leaves BGP alone (§3.2).
 */
public final class BfdBgpLink implements SessionTable.Listener {
  /** What BFD may ask of a BGP session; {@link PeerDriver} in production. */
  public interface BgpSession {
    void bfdDown();

    void bfdUp();

    static BgpSession of(PeerDriver driver) {
      return new BgpSession() {
        @Override
        public void bfdDown() {
          driver.bfdDown();
        }

        @Override
        public void bfdUp() {
          driver.bfdUp();
        }
      };
    }
  }

  private final SessionTable.Listener next;
  private final Map<InetAddress, BgpSession> sessions = new ConcurrentHashMap<>();

  /** @param next told of every transition after BGP has been (metrics, logs) */
  public BfdBgpLink(SessionTable.Listener next) {
    this.next = next;
  }

  public void attach(InetAddress peer, BgpSession session) {
    sessions.put(peer, session);
  }

  public void detach(InetAddress peer) {
    sessions.remove(peer);
  }

  @Override
  public void sessionUp(BfdSessionStatus status) {
    BgpSession s = sessions.get(status.peer());
    if (s != null) {
      s.bfdUp();
    }
    next.sessionUp(status);
  }

  @Override
  public void sessionDown(BfdSessionStatus status) {
    BgpSession s = sessions.get(status.peer());
    boolean administrative = status.peerAdminDown() || status.state() == BfdState.ADMIN_DOWN;
    if (s != null && !administrative) {
      s.bfdDown();
    }
    next.sessionDown(status);
  }
}
