package io.baremetallb.ipam.dns;

/** What a name in one of our zones is; {@link ZoneLookup} decides. */
sealed interface Node {

  /** The zone the name lies in; its SOA goes into negative answers. */
  Zone zone();

  /** The zone apex: SOA and NS live here. */
  record Apex(Zone zone) implements Node {
  }

  /** The nameserver's own name, inside one of our zones. */
  record Nameserver(Zone zone) implements Node {
  }

  /** A Service's name. */
  record Service(Zone zone, ServiceRecord service) implements Node {
  }

  /** A name that exists only because names below it do (RFC 8020): NOERROR without data. */
  record EmptyNonTerminal(Zone zone) implements Node {
  }

  /** A name in our zone that does not exist: NXDOMAIN. */
  record Nonexistent(Zone zone) implements Node {
  }
}
