package io.baremetallb.announcer.bgp.plan;

import io.baremetallb.ip.IpAddress;

/**
 * A Service IP that no node advertises to any peer, and why: the text of the event on the Service.
 *
 * @param ip the address
 * @param reason what stops it, in words an operator can act on
 */
public record Unadvertised(IpAddress ip, String reason) {
}
